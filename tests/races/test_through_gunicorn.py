"""Data safety through the real stack: gunicorn on a scratch database of this run's backend
(SQLite, PostgreSQL or MariaDB), real parallel HTTP requests, real `manage.py migrate` runs.
One server per module: starting one (a fresh migrate) is most of the cost.

- Two clients PATCH different fields of one customer at the same moment: both get a 200, so
  both changes must be there. Before the fix the service merged each request into the snapshot
  it had read and the repository wrote all four fields back, losing one change in most trials.
- A deploy runs `migrate` while customers are being created: afterwards every owner's stored
  active count (the list's `count`) must equal COUNT(*) of their active rows. Before the fix
  every migrate dropped the count triggers, recounted and created them again one statement at a
  time, and inserts landing in between were never counted.
"""

import itertools
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from customers.repositories import count_triggers
from tests.support.databases import ScratchDatabase, scratch_database
from tests.support.server import BIN, ROOT, RunningApp, serve

TRIALS = 30
OWNERS = 3
WRITERS = 3
MIGRATE_RUNS = 2

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[ScratchDatabase, RunningApp]]:
    with scratch_database("gunicorn") as database, serve(workers=2, database_url=database.url) as app:
        yield database, app


def test_concurrent_patches_of_different_fields_both_survive_and_if_match_still_guards(served):
    _, app = served
    token = app.register_and_login("races@example.com")
    lost: list[str] = []
    statuses: list[int] = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for trial in range(TRIALS):
            created = app.request(
                "POST",
                "/api/v1/customers/",
                {
                    "first_name": "Ada",
                    "last_name": "Byron",
                    "phone_number": f"+1415555{trial:04d}",
                    "date_of_birth": "1990-05-17",
                },
                token=token,
            )
            assert created.status == 201, created.body
            url = f"/api/v1/customers/{created.body['data']['id']}/"
            phone, last_name = f"+1415556{trial:04d}", f"King{'abcdefghijklmnopqrstuvwxyzabcd'[trial]}"
            barrier = threading.Barrier(2)

            def patch(body: dict[str, str], barrier: threading.Barrier = barrier, url: str = url) -> int:
                barrier.wait(timeout=10)
                return app.request("PATCH", url, body, token=token).status

            answers = list(pool.map(patch, [{"phone_number": phone}, {"last_name": last_name}]))
            statuses += answers
            after = app.request("GET", url, token=token).body["data"]
            if (after["phone_number"], after["last_name"]) != (phone, last_name):
                lost.append(f"trial {trial}: {after['phone_number']} {after['last_name']}")

    assert statuses == [200] * (2 * TRIALS), statuses
    assert lost == [], f"{len(lost)} of {TRIALS} trials lost an acknowledged change: {lost}"

    # If-Match keeps its meaning: a stale tag is refused and changes nothing.
    stale = app.request("PATCH", url, {"first_name": "Eve"}, token=token, headers={"If-Match": '"1"'})
    assert stale.status == 412, stale.body
    assert app.request("GET", url, token=token).body["data"]["first_name"] == "Ada"


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


def test_inserts_during_migrate_leave_every_count_equal_to_count_star(served):
    database, app = served
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
