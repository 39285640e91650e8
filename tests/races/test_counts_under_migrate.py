"""A deploy runs `manage.py migrate` while the app keeps creating customers: afterwards every
owner's stored active count (the list's `count`) must equal COUNT(*) of their active rows, on
this run's database (SQLite, PostgreSQL or MariaDB), through gunicorn and real migrate runs.

Before the fix every migrate dropped the count triggers, recounted and created them again one
statement at a time, and inserts landing in between were never counted (or counted twice)."""

import itertools
import subprocess
import threading
import time

from customers.repositories import count_triggers
from tests.support.databases import ScratchDatabase, scratch_database
from tests.support.server import BIN, ROOT, RunningApp, serve

OWNERS = 3
WRITERS = 4
MIGRATE_RUNS = 3


def _drop_insert_trigger(database: ScratchDatabase) -> None:
    """What SQLite does to the triggers when a migration rebuilds the table."""
    on_table = " ON customers" if database.vendor == "postgresql" else ""
    database.query(f"DROP TRIGGER IF EXISTS customers_count_insert{on_table}")


def _migrate(app: RunningApp) -> None:
    subprocess.run(
        [str(BIN / "python"), str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
        env=app.env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )


def test_inserts_during_migrate_leave_every_count_equal_to_count_star():
    with scratch_database("counts") as database, serve(workers=2, database_url=database.url) as app:
        tokens = [app.register_and_login(f"owner{n}@example.com") for n in range(OWNERS)]
        numbers = itertools.count()
        lock = threading.Lock()
        created = [0] * OWNERS
        failures: list[str] = []
        stop = threading.Event()

        def write(writer: int) -> None:
            for turn in itertools.count():
                if stop.is_set():
                    return
                owner = (writer + turn) % OWNERS
                with lock:
                    phone = f"+1415{2000000 + next(numbers)}"
                body = {"first_name": "Ada", "phone_number": phone, "date_of_birth": "1990-05-17"}
                answer = app.request("POST", "/api/v1/customers/", body, token=tokens[owner])
                with lock:
                    if answer.status == 201:
                        created[owner] += 1
                    else:
                        failures.append(f"{answer.status} {answer.body}")

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(0.5)
            for _ in range(MIGRATE_RUNS):
                _migrate(app)  # a deploy's migrate with nothing to migrate
            _drop_insert_trigger(database)  # a table rebuild took the triggers with it...
            time.sleep(0.3)
            _migrate(app)  # ...and the next migrate must put them back and recount exactly
            time.sleep(0.3)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)

        assert failures == []
        assert sum(created) > 50, created  # the writes really overlapped the migrate runs
        drift = database.query(count_triggers.DRIFT)
        assert drift == [], f"(owner, stored, actual) after {MIGRATE_RUNS + 1} migrate runs: {drift}"
        installed = database.query(count_triggers.INSTALLED_TRIGGERS[database.vendor])
        assert sorted(name for (name,) in installed) == sorted(count_triggers.TRIGGER_NAMES)
        # what a user sees: the list's count is the number of customers they created
        counts = [
            app.request("GET", "/api/v1/customers/?limit=1", token=token).body["data"]["count"]
            for token in tokens
        ]
        assert counts == created
