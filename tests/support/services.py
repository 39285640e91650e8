"""Private PostgreSQL and Redis servers for fault tests: each on its own free port and temp data
directory, started from the installed binaries, so a test may kill, pause and restart them
without touching the machine's shared servers (or another engineer's tests)."""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.server import free_port

_PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
PG_BIN = Path(_PG_BINS[-1]) if _PG_BINS else None
REDIS_SERVER = shutil.which("redis-server")


INITDB_OPTIONS = ("-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions")
SERVER_OPTIONS = ("-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=50")


def missing_binaries() -> str | None:
    """Why the private servers cannot run here, or None."""
    if PG_BIN is None or not (PG_BIN / "initdb").exists():
        return "PostgreSQL server binaries (initdb) not installed"
    if REDIS_SERVER is None:
        return "redis-server not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user (PostgreSQL refuses to run as root)"
    return None


def _run_as() -> dict[str, Any]:
    # PostgreSQL refuses to run as root; as root, the server runs as the system's postgres user
    # (set in the child itself: no wrapper process between the test and the server).
    if os.geteuid() != 0:
        return {}
    return {"user": "postgres", "group": pwd.getpwnam("postgres").pw_gid, "extra_groups": []}


@dataclass
class ServerProcess:
    """A server process; a fault (signal) reaches it and every process it started."""

    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    paused: bool = field(default=False)
    popen_options: dict[str, Any] = field(default_factory=dict)

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **self.popen_options,
            )

    def pids(self) -> list[int]:
        """The started process and all its descendants (PostgreSQL's children each start a
        session of their own, so a process group does not reach them)."""
        assert self.process is not None
        found, queue = [], [self.process.pid]
        while queue:
            pid = queue.pop()
            found.append(pid)
            children = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
            ).stdout.split()
            queue += [int(child) for child in children]
        return found

    def signal(self, signum: int) -> None:
        for pid in self.pids():
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.kill(pid, signum)

    def kill(self) -> None:
        """SIGKILL to every process of the server at once: a crash, as the OOM killer does it."""
        if self.process is not None and self.process.poll() is None:
            if self.paused:
                self.resume()
            self.signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        # Children of a killed postmaster may take a moment to go.
        time.sleep(0.2)

    def pause(self) -> None:
        self.signal(signal.SIGSTOP)
        self.paused = True

    def resume(self) -> None:
        self.signal(signal.SIGCONT)
        self.paused = False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            if self.paused:
                self.resume()
            self.signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.process.wait(timeout=10)


class PrivatePostgres(ServerProcess):
    def __init__(self, workdir: Path | None = None) -> None:
        """`workdir` (default: a new temp directory) holds the data directory, the socket and
        the log; give one on a file system of the test's own to put the server's disk there."""
        assert PG_BIN is not None
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="cma-pg-"))
        self.data = self.workdir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        subprocess.run(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", *INITDB_OPTIONS],
            check=True,
            capture_output=True,
            cwd=self.workdir,
            **_run_as(),
        )
        # fsync off: these tests crash processes, never the machine, so the OS still holds
        # every write a crashed server had made; acknowledged commits survive either way.
        command = [
            str(PG_BIN / "postgres"),
            "-D",
            str(self.data),
            "-p",
            str(self.port),
            "-k",
            str(self.workdir),
        ]
        super().__init__(
            command=[*command, *SERVER_OPTIONS],
            log_path=self.workdir / "postgres.log",
            popen_options={**_run_as(), "cwd": self.workdir},
        )
        if os.geteuid() == 0:
            self.log_path.touch()
            shutil.chown(self.log_path, "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        super().start()
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 30) -> float:
        """Seconds until the server accepts connections."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            ready = subprocess.run(
                [str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port), "-t", "1"],
                check=False,
            )
            if ready.returncode == 0:
                return time.monotonic() - started
            time.sleep(0.05)
        raise TimeoutError(f"private PostgreSQL not ready:\n{self.log_path.read_text(errors='replace')}")

    def sql(self, statement: str) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://"), autocommit=True) as db:
            cursor = db.execute(statement)  # type: ignore[arg-type]  # test-written SQL only
            return cursor.fetchall() if cursor.description else []

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


class PrivateRedis(ServerProcess):
    def __init__(self) -> None:
        assert REDIS_SERVER is not None
        self.workdir = Path(tempfile.mkdtemp(prefix="cma-redis-"))
        self.port = free_port()
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.workdir)]
        super().__init__(command=command, log_path=self.workdir / "redis.log")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        super().start()
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 10) -> float:
        import redis

        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if redis.Redis(port=self.port, socket_timeout=0.2).ping():
                    return time.monotonic() - started
            except redis.RedisError:
                time.sleep(0.05)
        raise TimeoutError("private Redis not ready")

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
