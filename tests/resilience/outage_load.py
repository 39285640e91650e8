"""The load and the checks of the outage tests: CLIENTS threads that create and list customers
through the real server, what they were answered, and whether every acknowledged create was
stored exactly once."""

import http.cookiejar
import itertools
import json
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest

from tests.support.server import RunningApp
from tests.support.services import PrivatePostgres

CLIENTS = 4
AREAS = ("415", "212", "310", "646", "718", "312", "617", "206")


@dataclass
class Answer:
    at: float
    kind: str  # "create" or "list"
    status: int  # 0: no HTTP answer at all
    seconds: float
    code: str | None = None
    retry_after: str | None = None
    phone: str | None = None


@dataclass
class Load:
    """CLIENTS threads that create customers (unique phone numbers) and read the list."""

    app: RunningApp
    token: str
    answers: list[Answer] = field(default_factory=list)
    attempted: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    numbers: ClassVar[Iterator[int]] = itertools.count()
    every_attempt: ClassVar[set[str]] = set()  # across the module's loads, which share one database

    def _one(self, kind: str) -> None:
        phone = None
        if kind == "create":
            with self.lock:
                n = next(self.numbers)
                phone = f"+1{AREAS[n // 10000]}555{n % 10000:04d}"
                self.attempted.append(phone)
                self.every_attempt.add(phone)
            body = {"first_name": "Fault", "phone_number": phone, "date_of_birth": "1990-01-01"}
            call: tuple[str, str, Any] = ("POST", "/api/v1/customers/", body)
        else:
            call = ("GET", "/api/v1/customers/?limit=5", None)
        started = time.monotonic()
        try:
            answer = self.app.request(*call, token=self.token)
        except (OSError, ValueError) as error:  # no HTTP answer, or not the JSON envelope
            self.answers.append(Answer(started, kind, 0, time.monotonic() - started, code=repr(error)))
            return
        body = answer.body if isinstance(answer.body, dict) else {}
        errors = body.get("errors") or [{}]
        record = Answer(
            started,
            kind,
            answer.status,
            time.monotonic() - started,
            code=errors[0].get("code") if answer.status >= 400 else None,
            retry_after=answer.headers.get("Retry-After"),
            phone=phone,
        )
        with self.lock:
            self.answers.append(record)
            if answer.status == 201:
                self.acknowledged.append(answer.body["data"]["phone_number"])

    def _client(self, index: int) -> None:
        for n in itertools.count(index):
            if self.stop.is_set():
                return
            self._one("create" if n % 2 == 0 else "list")

    def run(self) -> Iterator[None]:
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(timeout=30)

    def between(self, start: float, end: float) -> list[Answer]:
        return [a for a in self.answers if start <= a.at < end]


def wait_for_success(load: Load, since: float, timeout: float = 30) -> float:
    """Seconds from `since` until the first request started after it succeeded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ok = [a for a in load.between(since, float("inf")) if 200 <= a.status < 300]
        if ok:
            return min(a.at + a.seconds for a in ok) - since
        time.sleep(0.02)
    pytest.fail(f"no success within {timeout}s after the fault ended")


def bad_answers(answers: list[Answer]) -> list[Answer]:
    """Answers that are neither a success nor a proper 503 envelope."""
    return [
        a
        for a in answers
        if not (
            200 <= a.status < 300 or (a.status == 503 and a.code == "service_unavailable" and a.retry_after)
        )
    ]


def report(fault: str, **figures: Any) -> None:
    line = json.dumps({"fault": fault, **figures})
    print(line)
    if os.environ.get("CMA_FAULT_REPORT"):
        with open(os.environ["CMA_FAULT_REPORT"], "a", encoding="utf-8") as out:
            out.write(line + "\n")


def stored_phones(postgres: PrivatePostgres) -> list[str]:
    return [str(row[0]) for row in postgres.sql("SELECT phone_number FROM customers")]


def check_data(load: Load, postgres: PrivatePostgres) -> dict[str, int]:
    every_row = stored_phones(postgres)
    doubled = len(every_row) - len(set(every_row))
    assert doubled == 0, f"{doubled} customers stored twice"
    assert set(every_row) <= load.every_attempt, "a customer nobody sent was stored"
    stored = set(every_row) & set(load.attempted)
    acknowledged = set(load.acknowledged)
    missing = acknowledged - stored
    assert not missing, f"{len(missing)} acknowledged creates were lost"
    return {
        "creates_sent": len(load.attempted),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "lost": len(missing),
        "doubled": doubled,
        "unacknowledged_but_stored": len(stored - acknowledged),
    }


def during_fault(
    load: Load, *, inject: Callable[[], None], restore: Callable[[], None], hold: float
) -> tuple[float, float, float]:
    """Warm up, inject the fault, hold it, restore; returns (fault start, fault end, recovery s)."""
    runner = load.run()
    next(runner)
    try:
        time.sleep(1.0)
        fault_start = time.monotonic()
        inject()
        time.sleep(hold)
        restore()
        fault_end = time.monotonic()
        recovery = wait_for_success(load, fault_end)
        time.sleep(1.0)
    finally:
        next(runner, None)
    return fault_start, fault_end, recovery


def summarise(load: Load, start: float, end: float) -> dict[str, Any]:
    answers = load.between(start, end)
    statuses: dict[str, int] = {}
    for a in answers:
        statuses[str(a.status)] = statuses.get(str(a.status), 0) + 1
    return {
        "answers_during_fault": len(answers),
        "statuses": statuses,
        "max_latency_s": round(max((a.seconds for a in answers), default=0.0), 3),
    }


def redis_fault(app: RunningApp, fault: Callable[[], None]) -> Callable[[], dict[str, Any]]:
    """Injects `fault`, then asks readiness, which must name the cache."""
    seen: dict[str, Any] = {}

    def inject() -> None:
        fault()
        time.sleep(0.3)
        seen["ready"] = app.request("GET", "/api/v1/health-check/ready/")

    inject.seen = seen  # type: ignore[attr-defined]
    return inject


# --- the pages: a browser session through the login form ----------------------------------


def page_session(app: RunningApp) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    email, password = "faults-page@example.com", "Fault-Tolerant-Pages-1"
    app.request(
        "POST", "/api/v1/user/register/", {"email": email, "password": password, "first_name": "Page"}
    )
    form = opener.open(app.base + "/", timeout=10).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert csrf
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf.group(1), "username": email, "password": password}
    ).encode()
    request = urllib.request.Request(app.base + "/", data=data, headers={"Referer": app.base + "/"})  # noqa: S310
    opener.open(request, timeout=10).read()
    assert page(opener, app.base + "/customer/dashboard/")["status"] == 200, "logged in"
    return opener


def page(opener: urllib.request.OpenerDirector, url: str) -> dict[str, Any]:
    try:
        with opener.open(url, timeout=15) as answer:
            return {"status": answer.status, "text": answer.read().decode(), "retry_after": None}
    except urllib.error.HTTPError as error:
        return {
            "status": error.code,
            "text": error.read().decode(errors="replace"),
            "retry_after": error.headers.get("Retry-After"),
        }
