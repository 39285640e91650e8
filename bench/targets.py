"""What the bench measures: the endpoints (targets), how one is measured against the running app,
the results, and the database and session each run starts from."""

import argparse
import itertools
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.harness import http, wrk
from common.cursors import encode_cursor

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
