"""Crash safety: SIGKILL a gunicorn worker under a steady create load. Every customer the
API acknowledged with a 201 must be in the database afterwards, and the server recovers by
itself (the master starts a new worker)."""

import itertools
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.support.server import serve

pytestmark = pytest.mark.slow

CLIENTS = 4


def test_killing_a_worker_loses_no_acknowledged_write():
    with serve(workers=2) as app:
        token = app.register_and_login()
        acknowledged: list[str] = []
        failures: list[str] = []
        stop = threading.Event()
        numbers = itertools.count()
        lock = threading.Lock()

        def load() -> None:
            while not stop.is_set():
                with lock:
                    phone = f"+1415555{next(numbers):04d}"
                body = {"first_name": "Crash", "phone_number": phone, "date_of_birth": "1990-01-01"}
                try:
                    answer = app.request("POST", "/api/v1/customers/", body, token=token)
                except OSError as error:  # the connection the killed worker held
                    failures.append(str(error))
                    continue
                if answer.status == 201:
                    with lock:
                        acknowledged.append(answer.body["data"]["phone_number"])
                else:
                    failures.append(f"{answer.status} {answer.body}")

        threads = [threading.Thread(target=load) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        victim = app.worker_pids()[0]
        os.kill(victim, signal.SIGKILL)
        before_kill = len(acknowledged)
        time.sleep(2.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=20)

        assert before_kill > 0
        assert len(acknowledged) > before_kill, "the server kept acknowledging creates after the kill"
        assert victim not in app.worker_pids()
        assert len(app.worker_pids()) == 2, "the master replaced the killed worker"
        assert app.request("GET", "/api/v1/health-check/").status == 200
        http_errors = [f for f in failures if f[:3].isdigit()]
        assert not http_errors, "only the killed worker's connections may fail, never with an HTTP error"

        db_path = Path(app.env["DATABASE_URL"].removeprefix("sqlite:///"))
        with sqlite3.connect(db_path) as db:
            stored = {row[0] for row in db.execute("SELECT phone_number FROM customers")}
        missing = set(acknowledged) - stored
        assert not missing, f"{len(missing)} acknowledged customers were lost"
