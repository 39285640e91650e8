"""Helpers for tests that run the real thing: gunicorn processes started through the project's
own files, against the machine's PostgreSQL and Redis. They run only with CMA_SERVICES=1
(CI sets it); elsewhere they are reported as skipped."""

import http.client
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379

requires_services = pytest.mark.skipif(
    os.environ.get("CMA_SERVICES") != "1",
    reason="needs PostgreSQL and Redis on 127.0.0.1; set CMA_SERVICES=1 to run",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def fresh_database(request) -> Iterator[str]:
    """A new, empty PostgreSQL database (cma_prod_*), dropped afterwards; yields its URL."""
    import psycopg

    name = f"cma_prod_{request.node.name.removeprefix('test_')[:20]}_{os.getpid()}".lower()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def redis_cache(db: int) -> Iterator[str]:
    """An emptied Redis database (5-7 belong to these tests), emptied again afterwards."""
    import redis

    assert db in (5, 6, 7)
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db)
    client.flushdb()
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"
    finally:
        client.flushdb()
        client.close()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    last_headers: http.client.HTTPMessage | None = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """One HTTP request as the TLS-terminating proxy would forward it; (status, JSON body)."""
        sent = {"X-Forwarded-Proto": "https", "Content-Type": "application/json"}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(
                method, path, body=json.dumps(body) if body is not None else None, headers=sent
            )
            response = connection.getresponse()
            raw = response.read()
            self.last_headers = response.headers
        finally:
            connection.close()
        return response.status, (json.loads(raw) if raw.startswith(b"{") else {})

    def wait_until_healthy(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(
                    f"server exited with {self.process.returncode} before it was healthy:\n{self.log()}"
                )
            try:
                if self.call("GET", "/api/v1/health-check/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"server not healthy after {timeout:g}s:\n{self.log()}")

    def stop(self, timeout: float) -> int | None:
        """SIGTERM, then wait; returns the exit code, or None if it had to be killed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            return None


@pytest.fixture
def start_server(tmp_path) -> Iterator[Callable[..., Server]]:
    """Starts processes in their own session and always stops them (and their workers)."""
    started: list[Server] = []

    def start(command: list[str], env: dict[str, str], name: str) -> Server:
        port = free_port()
        log_path = tmp_path / f"{name}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        server = Server(process, port, log_path)
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.stop(timeout=15)
