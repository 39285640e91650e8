"""The container's start-up script, run directly (there is no Docker engine here): it waits
for PostgreSQL, migrates a fresh database, execs gunicorn, answers its health checks, and
exits 0 on SIGTERM within the graceful timeout."""

import json
import signal
import socket
import subprocess
import sys
import time

import pytest

from tests.deploy.conftest import BASE_DIR, free_port, redis_cache, requires_services
from tests.support.production import production_env

pytestmark = requires_services

GRACEFUL_TIMEOUT = 10


@pytest.fixture
def cache_url():
    yield from redis_cache(6)


def test_entrypoint_migrates_serves_and_stops_cleanly(fresh_database, cache_url, start_server):
    env = production_env(
        database_url=fresh_database, cache_url=cache_url, GUNICORN_GRACEFUL_TIMEOUT=str(GRACEFUL_TIMEOUT)
    )
    server = start_server(["docker/entrypoint.sh"], env, "entrypoint")

    server.wait_until_healthy()

    log = server.log()
    assert "Database available after" in log
    assert "Applying customers." in log, "migrate ran against the fresh database"
    assert server.call("GET", "/api/v1/health-check/ready/") == (
        200,
        {"status": "Success", "message": "Ready", "errors": [], "data": {"database": "ok", "cache": "ok"}},
    )
    # The container's HEALTHCHECK command, against this server.
    probe = subprocess.run(
        [sys.executable, "docker/healthcheck.py"],
        cwd=BASE_DIR,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{server.port}"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr

    # A request is in flight (its body only half sent) when SIGTERM arrives. gunicorn replaced
    # the shell (exec), so the signal reaches it directly; graceful shutdown lets the worker
    # finish that request before it exits.
    body = json.dumps({"email": "late@example.com", "password": "not-the-password"}).encode()
    in_flight = socket.create_connection(("127.0.0.1", server.port), timeout=GRACEFUL_TIMEOUT)
    in_flight.sendall(
        b"POST /api/v1/user/token/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        b"Content-Type: application/json\r\nConnection: close\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body[:10]
    )
    time.sleep(1)
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    time.sleep(1)
    assert server.process.poll() is None, "gunicorn waits for the request in flight"
    in_flight.sendall(body[10:])
    answer = b""
    while chunk := in_flight.recv(65536):
        answer += chunk
    in_flight.close()
    exit_code = server.stop(timeout=GRACEFUL_TIMEOUT + 5)

    assert answer.startswith((b"HTTP/1.1 401", b"HTTP/1.1 403")), answer[:200]
    assert b"No active account found with the given credentials" in answer
    assert exit_code == 0, server.log()
    assert time.monotonic() - started < GRACEFUL_TIMEOUT + 5
    access_lines = [
        json.loads(line)
        for line in server.log().splitlines()
        if line.startswith("{") and '"CustomerManagementApp.access"' in line
    ]
    assert [(line["method"], line["path"]) for line in access_lines][-3:] == [
        ("GET", "/api/v1/health-check/ready/"),
        ("GET", "/api/v1/health-check/"),
        ("POST", "/api/v1/user/token/"),  # the request finished during shutdown
    ]
    gunicorn_lines = [
        json.loads(line)["message"]
        for line in server.log().splitlines()
        if line.startswith("{") and '"gunicorn.error"' in line
    ]
    assert any(message.startswith("Booting worker") for message in gunicorn_lines), "gunicorn logs JSON too"
    assert "Handling signal: term" in gunicorn_lines
    assert "Shutting down: Master" in gunicorn_lines
    assert '"gunicorn.access"' not in server.log(), "only the app's access line (no query strings)"


def test_entrypoint_gives_up_when_the_database_never_answers(start_server):
    env = production_env(
        database_url=f"postgres://postgres@127.0.0.1:{free_port()}/cma_prod_nowhere",
        cache_url="locmemcache://",
        WAIT_FOR_DB_TIMEOUT="2",
    )
    server = start_server(["docker/entrypoint.sh"], env, "no-database")

    assert server.process.wait(timeout=60) == 1
    assert "Database unavailable after 2s" in server.log()
    assert "Booting worker" not in server.log(), "gunicorn must not start without a database"
