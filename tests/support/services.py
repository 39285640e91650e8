"""Private PostgreSQL and Redis servers for fault tests: each on its own free port and temp data
directory, started from the installed binaries, so a test may kill, pause and restart them
without touching the machine's shared servers (or another engineer's tests)."""

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

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
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser (PostgreSQL refuses to run as root)"
    return None


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; as root, run it as the system's postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class ServerProcess:
    """A server started in its own process group, so a fault reaches all of its processes."""

    command: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    paused: bool = field(default=False)

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def signal(self, signum: int) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signum)

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
    def __init__(self) -> None:
        assert PG_BIN is not None
        self.workdir = Path(tempfile.mkdtemp(prefix="cma-pg-"))
        self.data = self.workdir / "data"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", *INITDB_OPTIONS]),
            check=True,
            capture_output=True,
        )
        # fsync off: these tests crash processes, never the machine, so the OS still holds
        # every write a crashed server had made; acknowledged commits survive either way.
        command = _as_postgres(
            [
                str(PG_BIN / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-k",
                str(self.workdir),
                *SERVER_OPTIONS,
            ]
        )
        super().__init__(command=command, log_path=self.workdir / "postgres.log")
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
