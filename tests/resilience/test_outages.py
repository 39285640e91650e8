"""Outages under load: a private PostgreSQL and a private Redis behind real gunicorn are killed,
paused (SIGSTOP) and restarted, and the database is made read-only, while clients create and
list customers. During each fault every answer is a success or a 503 envelope
(`service_unavailable`, with `Retry-After`); afterwards the app recovers without a restart; and
every create acknowledged with a 201 is stored exactly once.

Each test prints its figures (and appends them as JSON lines to $CMA_FAULT_REPORT when set):
they are the fault matrix of docs/RESILIENCE.md."""

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.resilience.outage_load import (
    Load,
    bad_answers,
    check_data,
    during_fault,
    page,
    page_session,
    redis_fault,
    report,
    summarise,
)
from tests.support.server import RunningApp, serve
from tests.support.services import PrivatePostgres, PrivateRedis, missing_binaries

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("CMA_SERVICES") != "1", reason="fault tests run with CMA_SERVICES=1 (CI sets it)"
    ),
    pytest.mark.skipif(missing_binaries() is not None, reason=str(missing_binaries())),
]

# A hung Redis holds a request for its read timeout (0.5 s), plus the wait for a free worker
# (2 workers, 4 clients, each of them also waiting 0.5 s); without the timeout, a request waits
# for the whole pause (4 s).
HUNG_CACHE_LATENCY_LIMIT = 2.5


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    server.start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="module")
def redis_server() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(scope="module")
def app(postgres: PrivatePostgres, redis_server: PrivateRedis) -> Iterator[RunningApp]:
    # Short connect timeout so a paused PostgreSQL refuses new connections quickly.
    extra = {"CACHE_URL": redis_server.url, "DATABASE_CONNECT_TIMEOUT": "2", "CONN_MAX_AGE": "60"}
    with serve(workers=2, database_url=postgres.url, extra_env=extra) as running:
        yield running


@pytest.fixture(scope="module")
def token(app: RunningApp) -> str:
    return app.register_and_login("faults@example.com")


@pytest.fixture
def load(app: RunningApp, token: str) -> Iterator[Callable[[], Any]]:
    def start() -> Any:
        return Load(app, token)

    yield start


def test_postgres_killed_and_restarted(app, postgres, load):
    session = page_session(app)
    work = load()
    page_during_fault: dict[str, Any] = {}

    def kill() -> None:
        postgres.kill()
        time.sleep(0.5)
        page_during_fault.update(page(session, app.base + "/customer/dashboard/"))

    start, end, recovery = during_fault(work, inject=kill, restore=postgres.start, hold=2.0)

    during = work.between(start, end)
    assert not bad_answers(during), bad_answers(during)[:5]
    assert any(a.status == 503 for a in during), "the outage was noticed"
    assert page_during_fault["status"] == 503
    assert page_during_fault["retry_after"]
    assert "Temporarily unavailable" in page_during_fault["text"]
    assert page(session, app.base + "/customer/dashboard/")["status"] == 200, "the page session survived"
    assert not bad_answers(work.answers)
    figures = check_data(work, postgres)
    report(
        "PostgreSQL killed (SIGKILL, 2 s) and restarted",
        **summarise(work, start, end),
        recovery_s=round(recovery, 3),
        **figures,
    )


def test_postgres_paused(app, postgres, load):
    work = load()
    start, end, recovery = during_fault(work, inject=postgres.pause, restore=postgres.resume, hold=2.0)

    during = work.between(start, end)
    assert not bad_answers(work.answers), bad_answers(work.answers)[:5]
    figures = check_data(work, postgres)
    report(
        "PostgreSQL paused (SIGSTOP, 2 s)",
        **summarise(work, start, end),
        recovery_s=round(recovery, 3),
        **figures,
    )
    assert during, "requests were made during the pause"


def test_postgres_read_only(app, postgres, load):
    work = load()

    def read_only(on: bool) -> Callable[[], None]:
        def switch() -> None:
            postgres.sql(f"ALTER SYSTEM SET default_transaction_read_only = {'on' if on else 'off'}")
            postgres.sql("SELECT pg_reload_conf()")

        return switch

    ready_during: dict[str, Any] = {}
    restored_at: list[float] = []

    def inject() -> None:
        read_only(True)()
        time.sleep(0.5)
        ready_during["answer"] = app.request("GET", "/api/v1/health-check/ready/")

    def restore() -> None:
        restored_at.append(time.monotonic())
        read_only(False)()

    start, end, recovery = during_fault(work, inject=inject, restore=restore, hold=2.0)

    # Answers to requests sent once every server process had read the setting, and before it
    # was switched back.
    during = work.between(start + 0.5, restored_at[0] - 0.1)
    assert not bad_answers(work.answers), bad_answers(work.answers)[:5]
    creates = [a for a in during if a.kind == "create"]
    assert creates and all(a.status == 503 for a in creates), "no write succeeds on a read-only database"
    assert any(a.status == 200 for a in during if a.kind == "list"), "reads go on"
    ready = ready_during["answer"]
    assert ready.status == 503
    assert ready.body["errors"][0]["field"] == "database"
    assert ready.body["errors"][0]["code"] == "read_only"
    assert app.request("GET", "/api/v1/health-check/ready/").status == 200
    figures = check_data(work, postgres)
    report(
        "PostgreSQL read-only (default_transaction_read_only, 2 s)",
        **summarise(work, start, end),
        recovery_s=round(recovery, 3),
        readiness_during=ready.status,
        **figures,
    )


def test_redis_killed_and_restarted(app, postgres, redis_server, load):
    """Only throttle counters live in Redis (the lockout and revoked tokens are in the
    database), and throttles fail open: clients go on working; readiness names the cache."""
    work = load()
    inject = redis_fault(app, redis_server.kill)
    start, end, recovery = during_fault(work, inject=inject, restore=redis_server.start, hold=2.0)

    during = work.between(start, end)
    assert not bad_answers(work.answers), bad_answers(work.answers)[:5]
    assert during and all(200 <= a.status < 300 for a in during), "the API kept working"
    ready = inject.seen["ready"]  # type: ignore[attr-defined]
    assert (ready.status, ready.body["errors"][0]["field"]) == (503, "cache")
    figures = check_data(work, postgres)
    report(
        "Redis killed (SIGKILL, 2 s) and restarted",
        **summarise(work, start, end),
        recovery_s=round(recovery, 3),
        readiness_during=ready.status,
        **figures,
    )


def test_redis_paused(app, postgres, redis_server, load):
    work = load()
    inject = redis_fault(app, redis_server.pause)
    start, end, recovery = during_fault(work, inject=inject, restore=redis_server.resume, hold=4.0)

    during = work.between(start, end)
    assert not bad_answers(work.answers), bad_answers(work.answers)[:5]
    assert during and all(200 <= a.status < 300 for a in during), "the API kept working"
    ready = inject.seen["ready"]  # type: ignore[attr-defined]
    assert (ready.status, ready.body["errors"][0]["field"]) == (503, "cache")
    slowest = max(a.seconds for a in during)
    assert slowest < HUNG_CACHE_LATENCY_LIMIT, f"a hung Redis held a request {slowest:.2f}s"
    figures = check_data(work, postgres)
    report(
        "Redis paused (SIGSTOP, 4 s)",
        **summarise(work, start, end),
        recovery_s=round(recovery, 3),
        readiness_during=ready.status,
        **figures,
    )
