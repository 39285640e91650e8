"""Benchmark driver: a fresh database, N seeded customers, gunicorn as in production, wrk.

    .venv/bin/python bench/run.py                       # 100k customers on SQLite, every target
    .venv/bin/python bench/run.py --sizes 1000,10000    # also list targets at smaller sizes first
    .venv/bin/python bench/run.py --postgres            # PostgreSQL database `cma_bench` (dropped and recreated)
    .venv/bin/python bench/run.py --count 1000 --duration 3 --only health,list-page-1

Each endpoint runs `wrk -t1 -c8 -d<duration>s --latency` (after a one-second warm-up) against
2 sync gunicorn workers, and is compared with the floor: a bare Django view serving the same
bytes as a 20-row list page (bench/floor_app.py) behind the same gunicorn settings, measured right
before each endpoint so that both see the same load on a shared machine. Needs wrk
(Debian: `apt-get install -y wrk`). Results are printed as a Markdown table and saved as JSON.
"""

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import Gunicorn, http, http_raw, manage
from bench.targets import (
    OWNER,
    PASSWORD,
    SESSION_SNIPPET,
    SIZED_TARGETS,
    Run,
    Target,
    discover,
    measure,
    prepare_database,
    print_table,
    settle_postgres,
    targets,
)
from tests.support.production import production_env


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--count", type=int, default=100_000, help="customers for the full run (default 100000)"
    )
    parser.add_argument(
        "--sizes", default="", help="comma-separated smaller sizes to run the list targets at first"
    )
    parser.add_argument("--duration", type=int, default=6, help="seconds per endpoint (default 6)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="floor+endpoint pairs per endpoint; the median is kept"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn sync workers, app and floor (default 2)"
    )
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL database cma_bench instead of SQLite"
    )
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument("--json", type=Path, help="where to save the results (default: in the temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (database, logs)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench needs wrk: apt-get install -y wrk")
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()} | {args.count})
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    workdir = Path(tempfile.mkdtemp(prefix="cma-bench-"))
    env = production_env(
        database_url=prepare_database(args, workdir),
        behind_tls_proxy=False,
        inherit_environ=True,
        log_format="text",
        JWT_ACCESS_MINUTES="600",
        **{
            # The benchmark measures the app, not its abuse controls: one client at thousands of
            # requests a second would otherwise be throttled (429) or locked out after a minute.
            # Per-second windows, not per-minute: DRF keeps every request time of the window in the
            # cache and reads and writes that list on each request, so a minute at bench rates (tens
            # of thousands of entries) would cost far more than production's 600-a-minute list; a
            # second at bench rates is about the same length as that list.
            "THROTTLE_ANON": "1000000/s",
            "THROTTLE_USER": "1000000/s",
            "THROTTLE_USER_ADDRESS": "1000000/s",
            "THROTTLE_TOKEN": "1000000/s",
            "THROTTLE_REFRESH": "1000000/s",
            "THROTTLE_REGISTER": "1000000/s",
            "LOGIN_FAILURE_LIMIT": "100000000",
            "LOGIN_ADDRESS_FAILURE_LIMIT": "100000000",
            "LOG_LEVEL": "WARNING",
            "BENCH_EMAIL": OWNER,
            "BENCH_PASSWORD": PASSWORD,
        },
    )
    run = Run(
        "postgresql" if args.postgres else "sqlite",
        datetime.now(UTC).isoformat(),
        args.duration,
        args.connections,
    )
    app = floor = None
    try:
        print(f"== preparing {run.database} in {workdir}", flush=True)
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        seeded = 0
        for size in sizes:
            print(f"== seeding to {size:,} customers", flush=True)
            manage(
                env,
                "seed_customers",
                "--owner",
                OWNER,
                "--password",
                PASSWORD,
                "--count",
                str(size - seeded),
                "--seed",
                str(size),
                *([] if sys.stderr.isatty() else ["--no-progress"]),
            )
            seeded = size
            if args.postgres:
                settle_postgres()
            if app is None:
                app = Gunicorn(
                    "CustomerManagementApp.wsgi:application",
                    env,
                    workdir / "app.log",
                    "/api/v1/health-check/",
                    workers=args.workers,
                )
            _, tokens = http(
                "POST", f"{app.base}/api/v1/user/token/", {}, {"email": OWNER, "password": PASSWORD}
            )
            bearer = {"Authorization": f"Bearer {tokens['data']['access']}"}
            env["BENCH_TOKEN"] = tokens["data"]["access"]
            cookie = (
                manage(env, "shell", "-c", SESSION_SNIPPET.format(email=OWNER), capture=True)
                .strip()
                .splitlines()[-1]
            )
            auth = {"bearer": bearer, "session": {"Cookie": cookie}}
            if floor is None:
                _, body = http_raw("GET", f"{app.base}/api/v1/customers/", bearer)
                (workdir / "floor_body.json").write_bytes(body)
                floor = Gunicorn(
                    "bench.floor_app:application",
                    env | {"FLOOR_BODY_FILE": str(workdir / "floor_body.json")},
                    workdir / "floor.log",
                    "/floor/",
                    workers=args.workers,
                )
                print(f"== floor body: {len(body):,} bytes", flush=True)
            ids = discover(app.base, bearer, size)
            results = []
            for target in targets(size, ids):
                if only and target.name not in only:
                    continue
                if size != args.count and target.name not in SIZED_TARGETS:
                    continue
                print(f"-- {target.name} at {size:,}", flush=True)
                # The machine is shared: measure the floor right before each endpoint, so
                # each ratio compares two runs made under the same load.
                # With --repeat, keep the pair with the median ratio (errors are summed).
                pairs = []
                for _ in range(args.repeat):
                    floor_result = measure(
                        Target("floor", "/floor/", auth=None), floor.base, size, args, {}, env
                    )
                    result = measure(target, app.base, size, args, auth, env)
                    result.floor_rps = floor_result.rps
                    pairs.append(result)
                    if result.skipped:
                        break
                ratios = sorted(r.rps / r.floor_rps if r.floor_rps else 0.0 for r in pairs)
                kept = sorted(pairs, key=lambda r: r.rps / r.floor_rps if r.floor_rps else 0.0)[
                    len(pairs) // 2
                ]
                kept.errors = sum(r.errors for r in pairs)
                kept.ratios = ratios if len(pairs) > 1 else []
                results.append(kept)
            print_table(results)
            run.results += results
    finally:
        for server in (app, floor):
            if server is not None:
                server.stop()
        out = args.json or workdir / "results.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(asdict(run), indent=2))
        print(f"\nresults: {out}")
        if not args.keep:  # the database and logs go; a results file in the temp dir stays
            for item in workdir.iterdir():
                if item.is_dir():
                    shutil.rmtree(item)
                elif item != out:
                    item.unlink()
            if args.json:
                workdir.rmdir()


if __name__ == "__main__":
    main()
