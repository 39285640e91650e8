"""Per-request service time in-process (Django test client, no HTTP server, no concurrency).

    .venv/bin/python bench/service_time.py --sizes 1000,10000,100000 [--postgres]

wrk numbers on a shared 2-core machine swing with whatever else runs; the median of a few
hundred sequential requests inside one process is a steadier measure of what each endpoint
costs the CPU, and of whether that cost grows with the table. SQLite in a temp dir, or the
PostgreSQL database cma_bench (dropped and recreated).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.production import UNTHROTTLED, production_env

_workdir = Path(tempfile.mkdtemp(prefix="cma-service-time-"))
_parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
_parser.add_argument("--sizes", default="1000,10000,100000")
_parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint and size")
_parser.add_argument("--postgres", action="store_true")
_parser.add_argument("--json", type=Path)
ARGS = _parser.parse_args()

if ARGS.postgres:
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as _pg:
        _pg.execute("DROP DATABASE IF EXISTS cma_bench")
        _pg.execute("CREATE DATABASE cma_bench")
os.environ.update(
    production_env(
        database_url=(
            "postgres://postgres@127.0.0.1:5432/cma_bench"
            if ARGS.postgres
            else f"sqlite:///{_workdir / 'db.sqlite3'}"
        ),
        allowed_hosts="testserver",
        behind_tls_proxy=False,
        inherit_environ=True,
        log_format="text",
        LOG_LEVEL="WARNING",
        **UNTHROTTLED,  # thousands of requests from one client: measure the app, not its throttles
    )
)

import django

django.setup()

from django.core.management import call_command
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from common.cursors import encode_cursor
from customers.repositories import hot_reads
from users.models import User

OWNER = "service-time@example.com"


def median_ms(client: Client, path: str, n: int) -> float:
    for _ in range(20):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    call_command("migrate", verbosity=0)
    seeded, results = 0, []
    print("| endpoint | " + " | ".join(f"{int(s):,} rows" for s in ARGS.sizes.split(",")) + " |")
    table: dict[str, list[str]] = {}
    for size in sorted(int(s) for s in ARGS.sizes.split(",")):
        call_command(
            "seed_customers", owner=OWNER, password="Service-time-pass-2026", count=size - seeded,
            seed=size, no_progress=True, stdout=open(os.devnull, "w"),  # noqa: SIM115
        )  # fmt: skip
        seeded = size
        if ARGS.postgres:  # steady state, not autovacuum racing the first endpoints measured
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=cma_bench", autocommit=True) as pg:
                pg.execute("VACUUM ANALYZE")
        owner = User.objects.get(email=OWNER)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(owner).access_token}")
        deep = hot_reads.page_rows(owner.pk, size - 100, 1)[0]
        cursor = encode_cursor("next", deep["created_at"], deep["id"])
        paths = {
            "health": "/api/v1/health-check/",
            "list-page-1": "/api/v1/customers/",
            "list-offset-deep": f"/api/v1/customers/?offset={size - 100}",
            "list-cursor-page-1": "/api/v1/customers/?pagination=cursor",
            "list-cursor-deep": f"/api/v1/customers/?cursor={cursor}",
            "retrieve": f"/api/v1/customers/{deep['id']}/",
        }
        for name, path in paths.items():
            ms = median_ms(client, path, ARGS.requests)
            results.append({"name": name, "size": size, "median_ms": ms})
            table.setdefault(name, []).append(f"{ms:.2f}")
    print("|---|" + "---:|" * len(ARGS.sizes.split(",")))
    for name, cells in table.items():
        print(f"| {name} | " + " | ".join(cells) + " |")
    if ARGS.json:
        record: dict[str, Any] = {"database": "postgresql" if ARGS.postgres else "sqlite", "results": results}
        ARGS.json.write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
