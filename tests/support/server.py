"""Serve the real app with gunicorn on loopback, with production settings, for tests and tools
that need a real HTTP server (fuzzing, crash safety)."""

import json
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.production import UNTHROTTLED, production_env

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Response:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RunningApp:
    base: str
    process: subprocess.Popen[bytes]
    env: dict[str, str]

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        headers = {"Content-Type": "application/json", **(headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310 - loopback
                return Response(answer.status, json.loads(answer.read() or b"null"), dict(answer.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, json.loads(error.read() or b"null"), dict(error.headers))

    def register_and_login(self, email: str = "tester@example.com") -> str:
        return self.register_and_login_pair(email)[0]

    def register_and_login_pair(self, email: str = "tester@example.com") -> tuple[str, str]:
        """A new account's (access, refresh) token pair."""
        password = secrets.token_urlsafe(16)
        self.request(
            "POST", "/api/v1/user/register/", {"email": email, "password": password, "first_name": "Test"}
        )
        answer = self.request("POST", "/api/v1/user/token/", {"email": email, "password": password})
        assert answer.status == 200, answer.body
        return str(answer.body["data"]["access"]), str(answer.body["data"]["refresh"])

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True, check=False
        ).stdout
        return [int(pid) for pid in out.split()]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "python"), str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


_collected_static: list[Path] = []


def _static_root(env: dict[str, str]) -> Path:
    """Static files collected once per process (about 15 s with compression) and shared by
    every server a test run starts: they are the same files every time."""
    if not _collected_static:
        root = Path(tempfile.mkdtemp(prefix="cma-static-"))
        manage({**env, "STATIC_ROOT": str(root)}, "collectstatic", "--no-input", "-v", "0")
        _collected_static.append(root)
    return _collected_static[0]


@contextmanager
def serve(
    *,
    workers: int = 2,
    database_url: str | None = None,
    extra_env: dict[str, str] | None = None,
    with_config: bool = True,
) -> Iterator[RunningApp]:
    """Migrate a fresh database (SQLite in a temp dir unless given), collect static files and
    serve the app with gunicorn until the block ends; `with_config` (the default) reads the
    project's gunicorn.conf.py (GUNICORN_* variables, its limits included) under the bind address and worker count given here."""
    workdir = Path(tempfile.mkdtemp(prefix="cma-serve-"))
    env = production_env(
        database_url=database_url or f"sqlite:///{workdir / 'db.sqlite3'}",
        allowed_hosts="127.0.0.1,localhost",
        behind_tls_proxy=False,
        inherit_environ=True,
        log_format="text",
        **{"LOG_LEVEL": "WARNING", **UNTHROTTLED, **(extra_env or {})},
    )
    env["STATIC_ROOT"] = str(_static_root(env))
    manage(env, "migrate", "--no-input", "-v", "0")
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            # The production configuration (its limits included) unless a test opts out; the
            # flags below override it.
            *(["-c", str(ROOT / "gunicorn.conf.py")] if with_config else []),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
            "CustomerManagementApp.wsgi",
        ],
        env=env,
        cwd=ROOT,
    )
    app = RunningApp(base=f"http://127.0.0.1:{port}", process=process, env=env)
    try:
        deadline = time.monotonic() + 120  # a loaded CI machine can take a minute to start workers
        while True:
            try:
                if app.request("GET", "/api/v1/health-check/").status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield app
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
