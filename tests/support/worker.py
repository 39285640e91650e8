"""The real background worker (`manage.py db_worker`) in a process of its own, on a scratch
database of this run's backend, for tests that need the worker itself: signals, crashes,
retries across processes. `run_in_app` runs a snippet of Python in the same configured app
(to enqueue, or to read the rows back) in a process of its own too."""

import json
import signal
import subprocess
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.databases import ScratchDatabase, scratch_database
from tests.support.server import BIN, ROOT, manage, production_env


@dataclass
class WorkerHost:
    database: ScratchDatabase
    env: dict[str, str]
    log: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, worker_id: str = "test-worker") -> subprocess.Popen[bytes]:
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                [
                    str(BIN / "python"),
                    str(ROOT / "manage.py"),
                    "db_worker",
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    "--no-reload",
                    "--worker-id",
                    worker_id,
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    def run_in_app(self, code: str) -> Any:
        """Run `code` with Django set up; it sets `result`, which comes back as JSON."""
        program = "import django, json\ndjango.setup()\nresult = None\n" + textwrap.dedent(code)
        program += "\nprint(json.dumps(result, default=str))\n"
        done = subprocess.run(
            [str(BIN / "python"), "-c", program],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def worker_host(tmp_path: Path, suffix: str = "tasks", **extra_env: str) -> Iterator[WorkerHost]:
    """A migrated scratch database and the production settings to run workers against it."""
    with scratch_database(suffix) as database:
        env = production_env(
            database_url=database.url,
            behind_tls_proxy=False,
            inherit_environ=True,
            LOG_LEVEL="INFO",
            **extra_env,
        )
        manage(env, "migrate", "--no-input", "-v", "0")
        host = WorkerHost(database, env, tmp_path / "worker.log")
        try:
            yield host
        finally:
            for process in host.processes:
                if process.poll() is None:
                    process.kill()
                    process.wait()


def wait_for(condition: Callable[[], Any], timeout: float = 120, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, timeout: float = 30) -> int:
    process.send_signal(sig)
    return process.wait(timeout=timeout)


__all__ = ["WorkerHost", "run_queued_tasks", "stop", "wait_for", "worker_host"]


def run_queued_tasks() -> int:
    """Run every task that is due with the framework's own worker loop, in this process and on
    the test database (for tests of what a task does, not of the worker process)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.finished().count()
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    ).run()
    return DBTaskResult.objects.finished().count() - before
