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
import itertools
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common.cursors import encode_cursor
from tests.support.production import production_env
from tests.support.server import free_port

BIN = Path(sys.executable).parent
LUA = ROOT / "bench" / "lua"
OWNER = "bench-owner@example.com"
PASSWORD = "Bench-owner-password-2026"
# Measured at every --sizes step (the rest only at --count): how list and dashboard costs grow.
SIZED_TARGETS = (
    "list-page-1",
    "list-offset-deep",
    "list-cursor-page-1",
    "list-cursor-deep",
    "dashboard-page-1",
    "dashboard-last-page",
)


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    script: str | None = None  # a Lua file in bench/lua
    auth: str | None = "bearer"  # "bearer", "session" or None
    body: dict[str, Any] | Callable[[], dict[str, Any]] | None = None  # the probe's body (a scripted target)
    expect: tuple[int, ...] = (200,)
    optional: bool = False  # skipped when it answers 404 (e.g. pages not merged yet)


@dataclass
class Result:
    name: str
    size: int
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0  # non-2xx/3xx responses plus socket errors
    socket_errors: str = ""  # wrk's own breakdown (connect, read, write, timeout), when any
    floor_rps: float = 0.0  # the floor, measured right before this endpoint
    skipped: str | None = None
    ratios: list[float] = field(default_factory=list)  # every repeat's ratio; the median one is kept


@dataclass
class Run:
    database: str
    started: str
    duration: int
    connections: int
    results: list[Result] = field(default_factory=list)


# --- processes --------------------------------------------------------------------------------


class Gunicorn:
    """One gunicorn (2 sync workers) on a free loopback port; stopped by its own pid."""

    def __init__(self, app: str, env: dict[str, str], log: Path, probe: str, workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            str(BIN / "gunicorn"), app,
            "--workers", str(workers), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{self.port}", "--backlog", "2048",
            "--log-level", "warning", "--error-logfile", str(log),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + probe, timeout=2).close()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn {app} did not answer on {self.base}{probe}; see {log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )  # fmt: skip
    return done.stdout or ""


# --- HTTP helpers -----------------------------------------------------------------------------


def http(
    method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None = None
) -> tuple[int, Any]:
    """Status and parsed JSON (raw bytes when the body is not JSON)."""
    status, raw = http_raw(method, url, headers, body)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def http_raw(
    method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None = None
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, raw


# --- wrk ----------------------------------------------------------------------------------------

_PHONE_BLOCKS = itertools.count()
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    parsed: dict[str, Any] = {"errors": 0.0, "socket_errors": ""}
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            parsed["rps"] = float(line.split()[1])
        elif match := re.match(r"(\d+) requests in", line):
            parsed["requests"] = float(match.group(1))
        elif match := re.fullmatch(r"(50|99)(?:\.0+)?%\s+(\S+)", line):
            parsed[f"p{match.group(1)}_ms"] = _ms(match.group(2))
        elif line.startswith("Non-2xx or 3xx responses:"):
            parsed["errors"] += float(line.split(":")[1])
        elif line.startswith("Socket errors:"):
            parsed["errors"] += sum(float(n) for n in re.findall(r"\d+", line))
            parsed["socket_errors"] = line.split(":", 1)[1].strip()
    return parsed


def wrk(
    url: str, seconds: int, connections: int, headers: dict[str, str], script: str | None, env: dict[str, str]
) -> dict[str, Any]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(LUA / script)]
    if script == "create.lua":
        # each create run (warm-ups included) takes its own block of +44 7410 numbers
        block = next(_PHONE_BLOCKS)
        if block >= 19:
            raise SystemExit("out of phone number blocks: fewer --repeat or a fresh database")
        env = env | {"BENCH_PHONE_START": str(block * 50_000)}
    done = subprocess.run([*command, url], env=env, check=True, text=True, capture_output=True)
    return parse_wrk(done.stdout)


# --- the run --------------------------------------------------------------------------------------


_PROBE_PHONES = itertools.count(990_000)


def probe_phone() -> str:
    """A fresh number for each create probe (wrk runs use the blocks below 950,000)."""
    return f"+447410{next(_PROBE_PHONES):06d}"


def targets(size: int, ids: dict[str, Any]) -> list[Target]:
    last_dashboard_page = max(1, math.ceil(size / 10))
    return [
        Target("health", "/api/v1/health-check/", auth=None),
        Target("list-page-1", "/api/v1/customers/"),
        Target("list-offset-deep", f"/api/v1/customers/?offset={max(size - 100, 0)}"),
        Target("list-cursor-page-1", "/api/v1/customers/?pagination=cursor"),
        Target("list-cursor-deep", f"/api/v1/customers/?cursor={ids['deep_cursor']}"),
        Target("retrieve", f"/api/v1/customers/{ids['retrieve']}/"),
        Target("dashboard-page-1", "/customer/dashboard/", auth="session", optional=True),
        Target(
            "dashboard-last-page",
            f"/customer/dashboard/?page={last_dashboard_page}",
            auth="session",
            optional=True,
        ),
        Target(
            "update", f"/api/v1/customers/{ids['update']}/", "PATCH", "update.lua", body={"first_name": "Ada"}
        ),
        Target(
            "create",
            "/api/v1/customers/",
            "POST",
            "create.lua",
            expect=(201,),
            body=lambda: {
                "first_name": "Probe",
                "phone_number": probe_phone(),
                "date_of_birth": "1990-01-02",
            },
        ),
        Target(
            "token-obtain",
            "/api/v1/user/token/",
            "POST",
            "token.lua",
            auth=None,
            body={"email": OWNER, "password": PASSWORD},
        ),
    ]


def measure(
    target: Target,
    base: str,
    size: int,
    args: argparse.Namespace,
    auth: dict[str, dict[str, str]],
    env: dict[str, str],
) -> Result:
    headers = auth.get(target.auth or "", {})
    body = target.body() if callable(target.body) else target.body
    status, _ = http(target.method, base + target.path, headers, body)
    if status == 404 and target.optional:
        return Result(target.name, size, skipped="404 (not in this build)")
    if status not in target.expect:
        return Result(target.name, size, skipped=f"probe answered {status}")
    wrk(base + target.path, 1, args.connections, headers, target.script, env)  # warm-up
    numbers = wrk(base + target.path, args.duration, args.connections, headers, target.script, env)
    return Result(
        target.name, size, rps=numbers.get("rps", 0.0), p50_ms=numbers.get("p50_ms", 0.0),
        p99_ms=numbers.get("p99_ms", 0.0), requests=int(numbers.get("requests", 0)), errors=int(numbers["errors"]),
        socket_errors=numbers["socket_errors"],
    )  # fmt: skip


def prepare_database(args: argparse.Namespace, workdir: Path) -> str:
    if not args.postgres:
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS cma_bench")
        connection.execute("CREATE DATABASE cma_bench")
    return "postgres://postgres@127.0.0.1:5432/cma_bench"


def settle_postgres() -> None:
    """VACUUM ANALYZE after a bulk load, as a database in steady state would be: otherwise
    autovacuum starts on the fresh rows mid-measurement and takes a core from the first endpoints."""
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=cma_bench", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


SESSION_SNIPPET = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from users.models import User
user = User.objects.get(email={email!r})
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "users.authentication.UserBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
# a browser also sends back the CSRF cookie it was given with its first page
from django.middleware.csrf import _get_new_csrf_string
print(settings.SESSION_COOKIE_NAME + "=" + session.session_key + "; " + settings.CSRF_COOKIE_NAME + "=" + _get_new_csrf_string())
"""


def discover(base: str, bearer: dict[str, str], size: int) -> dict[str, Any]:
    """Ids and a deep cursor, found through the API itself."""
    _, newest = http("GET", f"{base}/api/v1/customers/?limit=2", bearer)
    _, deep = http("GET", f"{base}/api/v1/customers/?limit=1&offset={max(size - 100, 0)}", bearer)
    row = deep["data"]["results"][0]
    created_at = datetime.fromisoformat(row["created_at"].replace("Z", "+00:00"))
    first, second = newest["data"]["results"]
    return {
        "retrieve": first["id"],
        "update": second["id"],
        "deep_cursor": encode_cursor("next", created_at, row["id"]),
    }


def print_table(results: list[Result]) -> None:
    print("\n| endpoint | rows | req/s | p50 ms | p99 ms | errors | × floor |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        if r.skipped:
            print(f"| {r.name} | {r.size:,} | – | – | – | – | skipped: {r.skipped} |")
        else:
            ratio = r.rps / r.floor_rps if r.floor_rps else 0.0
            print(
                f"| {r.name} | {r.size:,} | {r.rps:,.0f} | {r.p50_ms:.2f} | {r.p99_ms:.2f} | {r.errors} | {ratio:.2f} |"
            )
    sys.stdout.flush()


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
