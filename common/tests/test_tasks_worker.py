"""The real worker (`manage.py db_worker`, its own process) on a scratch database of this run's
backend: it runs what was queued, retries with growing delays, gives up visibly, and neither
SIGTERM nor a crash in the middle of a task loses that task or runs its effect twice."""

import itertools
import json
import signal
from pathlib import Path

import pytest

from tests.support.worker import stop, wait_for, worker_host

ENQUEUE = """
from common.tests import sample_tasks
result = [sample_tasks.{task}.enqueue(*args, key=key).pk for args, key in {calls!r}]
"""


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """One migrated scratch database for the module: each test's tasks finish within it."""
    with worker_host(tmp_path_factory.mktemp("worker")) as host:
        yield host


def enqueue(host, task: str, *calls: tuple, key: str | None = None) -> list[int]:
    """Queue `task` once per argument tuple, in one process (the order is the queue's order)."""
    return [
        int(pk) for pk in host.run_in_app(ENQUEUE.format(task=task, calls=[(list(c), key) for c in calls]))
    ]


def read(host, pk: int) -> dict:
    """The task's row and its runs, read straight from the database."""
    state, attempts, last_error, result = host.database.query(
        "SELECT state, attempts, last_error, result FROM background_tasks WHERE id = %s", [pk]
    )[0]
    runs = host.database.query(
        "SELECT status, exception_class_path, traceback, args_kwargs FROM django_tasks_database_dbtaskresult"
        " WHERE task_path = %s ORDER BY enqueued_at",
        ["common.tasks.run_background_task"],
    )
    mine = [list(run[:3]) for run in runs if _args(run[3]) == [pk]]
    if isinstance(result, str) and host.database.vendor != "postgresql":
        result = json.loads(result)  # JSON text on SQLite and MariaDB; psycopg decodes jsonb itself
    return {"state": state, "attempts": attempts, "last_error": last_error, "result": result, "runs": mine}


def _args(value) -> list:
    return (json.loads(value) if isinstance(value, str) else value)["args"]


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def stop_workers(host):
    """Every worker a test starts is gone before the next test starts its own."""
    yield
    for process in host.processes:
        if process.poll() is None:
            stop(process, signal.SIGTERM)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stop_workers")]


def test_sigterm_mid_task_lets_the_task_finish_and_the_rest_wait_for_the_next_worker(host, tmp_path):
    effect = tmp_path / "effect.txt"
    first, second = enqueue(host, "slow_append", (str(effect), "one", 4.0), (str(effect), "two", 0))
    worker = host.start()
    wait_for(lambda: "start one" in lines(effect), what="the task to start")

    assert stop(worker, signal.SIGTERM) == 0, host.log_text()
    assert lines(effect) == ["start one", "done one"]  # finished, and nothing new started
    assert read(host, first)["state"] == "succeeded"
    assert read(host, second)["state"] == "queued"

    host.start()
    wait_for(lambda: read(host, second)["state"] == "succeeded", what="the next worker")
    assert lines(effect) == ["start one", "done one", "start two", "done two"]
    assert read(host, first)["attempts"] == 1


def test_a_worker_killed_mid_task_runs_it_again_once_when_restarted(host, tmp_path):
    effect = tmp_path / "effect.txt"
    [pk] = enqueue(host, "slow_append", (str(effect), "one", 5.0))
    worker = host.start("worker-a")
    wait_for(lambda: "start one" in lines(effect), what="the task to start")
    stop(worker, signal.SIGKILL)
    assert read(host, pk)["state"] == "running"  # abandoned mid-task

    host.start("worker-a")
    wait_for(lambda: read(host, pk)["state"] == "succeeded", what="the recovered task")
    assert lines(effect) == ["start one", "start one", "done one"]  # done exactly once
    assert read(host, pk)["attempts"] == 2
    assert "Requeued 1 task(s) that worker worker-a left running." in host.log_text()


def test_failures_are_retried_with_growing_delays_until_one_succeeds(host, tmp_path):
    effect = tmp_path / "attempts.txt"
    [pk] = enqueue(host, "flaky", (str(effect), 2))
    host.start()
    wait_for(lambda: read(host, pk)["state"] == "succeeded", what="the third attempt")
    stamps = [float(line.split()[1]) for line in lines(effect)]
    assert len(stamps) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(stamps)]
    assert gaps[0] >= 0.3 and gaps[1] >= 0.6, gaps  # base 0.3 s, doubling
    outcome = read(host, pk)
    assert outcome["attempts"] == 3 and outcome["result"] == 3
    # Each failed attempt is a failed run with its traceback, for staff to read.
    assert [run[0] for run in outcome["runs"]] == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert "attempt 1 failed" in outcome["runs"][0][2]


def test_a_task_that_keeps_failing_gives_up_after_its_attempts_and_says_so(host, tmp_path):
    effect, refused_effect = tmp_path / "attempts.txt", tmp_path / "refused.txt"
    [pk] = enqueue(host, "always_fails", (str(effect),))
    [refused] = enqueue(host, "refuses", (str(refused_effect),))
    host.start()
    wait_for(lambda: read(host, pk)["state"] == "failed", what="giving up")
    wait_for(lambda: read(host, refused)["state"] == "failed", what="a permanent error")
    assert lines(effect) == ["attempt", "attempt", "gave up"]
    outcome = read(host, pk)
    assert outcome["attempts"] == 2
    assert "the remote end is down" in outcome["last_error"]
    assert [run[1] for run in outcome["runs"]] == ["builtins.RuntimeError"] * 2
    # A permanent error is not retried.
    assert lines(refused_effect) == ["attempt", "gave up"]


def test_the_same_key_queues_the_work_once(host, tmp_path):
    effect = tmp_path / "effect.txt"
    first, again = enqueue(
        host, "slow_append", (str(effect), "once", 0), (str(effect), "once", 0), key="send:1"
    )
    assert first == again
    host.start()
    wait_for(lambda: read(host, first)["state"] == "succeeded", what="the task")
    assert lines(effect) == ["start once", "done once"]
