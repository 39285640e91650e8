"""Where one request's time goes: an endpoint called in-process through the WSGI handler (no
HTTP server, no test client), timed, then profiled and split into the framework's share and
the application's.

    .venv/bin/python bench/request_profile.py list dashboard create       # SQLite, 100k customers
    .venv/bin/python bench/request_profile.py list --count 1000 --top 30  # also the 30 costliest calls

The database is a SQLite file in a temp dir (migrated, seeded with `seed_customers`), or the one
DATABASE_URL names if it is set (seeded only if the owner is missing). Production settings,
DEBUG off, throttles raised (tests/support/production.py: production_env, UNTHROTTLED).
"""

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import re
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OWNER = "profile-owner@example.com"

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("endpoints", nargs="+", choices=["health", "list", "retrieve", "dashboard", "create"])
parser.add_argument("--count", type=int, default=100_000, help="customers to seed (default 100000)")
parser.add_argument("--requests", type=int, default=200, help="timed requests per round (6 rounds)")
parser.add_argument("--top", type=int, default=0, help="also print the N costliest functions")
ARGS = parser.parse_args()

from tests.support.production import UNTHROTTLED, production_env

_database_url = os.environ.get("DATABASE_URL") or (
    f"sqlite:///{Path(tempfile.mkdtemp(prefix='cma-profile-')) / 'db.sqlite3'}"
)
os.environ.update(
    production_env(
        database_url=_database_url,
        behind_tls_proxy=False,
        inherit_environ=True,
        log_format="text",
        LOG_LEVEL="WARNING",
        **UNTHROTTLED,
    )
)

import django

django.setup()

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from rest_framework_simplejwt.tokens import RefreshToken

from users.models import User

# Shares of a request: (name, pattern of the function whose cumulative time it is). Computed as
# differences, so each request's time is split once.
_WSGI = r"handlers/wsgi.py:\d+\(__call__\)"
_DRF_DISPATCH = r"rest_framework/views.py:\d+\(dispatch\)"
_PAGE_DISPATCH = r"customers/interface/pages/base.py:\d+\(dispatch\)"


def prepare() -> tuple[str, str, int]:
    call_command("migrate", verbosity=0)
    if not User.objects.filter(email=OWNER).exists():
        print(f"seeding {ARGS.count:,} customers ...", flush=True)
        call_command(
            "seed_customers", owner=OWNER, password=secrets.token_urlsafe(16), count=ARGS.count,
            seed=1, no_progress=True, stdout=io.StringIO(),
        )  # fmt: skip
    owner = User.objects.get(email=OWNER)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(owner.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = owner.get_session_auth_hash()
    session.create()
    return str(RefreshToken.for_user(owner).access_token), str(session.session_key), owner.pk


def caller(endpoint: str, token: str, session_key: str) -> Callable[[], tuple[str, bytes]]:
    app = WSGIHandler()
    phones = itertools.count(secrets.randbelow(400) * 1000)
    retrieve_id = json.loads(call_once(app, "GET", "/api/v1/customers/?limit=1", token, "")[1])["data"]
    target = {
        "health": ("GET", "/api/v1/health-check/"),
        "list": ("GET", "/api/v1/customers/"),
        "retrieve": ("GET", f"/api/v1/customers/{retrieve_id['results'][0]['id']}/"),
        "dashboard": ("GET", "/customer/dashboard/"),
        "create": ("POST", "/api/v1/customers/"),
    }[endpoint]
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}" if endpoint == "dashboard" else ""
    bearer = "" if endpoint in {"dashboard", "health"} else token

    def call() -> tuple[str, bytes]:
        body = b""
        if target[0] == "POST":
            data = {
                "first_name": "Probe",
                "phone_number": f"+447411{next(phones):06d}",
                "date_of_birth": "1990-01-02",
            }
            body = json.dumps(data).encode()
        return call_once(app, *target, bearer, cookie, body)

    return call


def call_once(
    app: WSGIHandler, method: str, path: str, bearer: str, cookie: str, body: bytes = b""
) -> tuple[str, bytes]:
    route, _, query = path.partition("?")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method, "PATH_INFO": route, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
    }  # fmt: skip
    if bearer:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {bearer}"
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Callable[[bytes], object]:
        statuses.append(status)
        return lambda data: None

    content = b"".join(app(environ, start_response))
    return statuses[0], content


def cumulative(stats: dict[Any, Any], pattern: str) -> float:
    return max(
        (v[3] for (f, line, fn), v in stats.items() if re.search(pattern, f"{f}:{line}({fn})")), default=0.0
    )


def shares(endpoint: str, stats: dict[Any, Any]) -> dict[str, float]:
    total = cumulative(stats, _WSGI)
    if endpoint == "dashboard":
        view = cumulative(stats, _PAGE_DISPATCH)
        auth = cumulative(stats, r"contrib/auth/middleware.py:\d+\(get_user\)")
        template = cumulative(stats, r"django/shortcuts.py:\d+\(render\)")
        handler = cumulative(stats, r"customers/interface/pages/dashboard.py:\d+\(get\)")
        parts = {
            "Django handler + middleware": total - view,
            "session + user": auth,
            "application": handler - template,
            "template rendering": template,
        }
    elif endpoint == "health":
        parts = {"Django handler + middleware (liveness answers in one)": total}
    else:
        view = cumulative(stats, _DRF_DISPATCH)
        auth = cumulative(stats, r"perform_authentication") + cumulative(stats, r"check_throttles")
        handler = cumulative(stats, r"customers/interface/api/customers.py:\d+\((get|post)\)")
        parts = {
            "Django handler + middleware": total - view,
            "JWT auth + throttles": auth,
            "DRF request/negotiation/rendering": view - auth - handler,
            "application": handler,
        }
    return {name: 100 * value / total for name, value in parts.items()}


def main() -> None:
    token, session_key, _ = prepare()
    for endpoint in ARGS.endpoints:
        call = caller(endpoint, token, session_key)
        for _ in range(50):
            status, content = call()
        if not status.startswith(("200", "201")):
            raise SystemExit(f"{endpoint}: {status} {content[:200]!r}")
        medians = []
        for _ in range(6):
            samples = []
            for _ in range(ARGS.requests):
                started = time.perf_counter()
                call()
                samples.append((time.perf_counter() - started) * 1000)
            medians.append(statistics.median(samples))
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(300):
            call()
        profile.disable()
        stats: Any = pstats.Stats(profile)  # total_calls and stats: undocumented but long stable
        rounds = ", ".join(f"{m:.2f}" for m in medians)
        print(
            f"\n{endpoint}: best median {min(medians):.2f} ms (rounds: {rounds}),"
            f" {stats.total_calls / 300:,.0f} Python calls per request, {len(content):,} bytes"
        )
        for name, share in shares(endpoint, stats.stats).items():
            print(f"  {share:5.1f} %  {name}")
        if ARGS.top:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(ARGS.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
