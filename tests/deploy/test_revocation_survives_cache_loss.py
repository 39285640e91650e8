"""A flushed or restarted Redis must not revive revoked tokens. The app runs
on gunicorn with Redis as its cache; after logout the cache loses everything (FLUSHDB on a
shared Redis, then a private Redis killed and started again without persistence), and the
logged-out access and refresh tokens are still refused."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.deploy.conftest import REDIS_HOST, REDIS_PORT, requires_services
from tests.support.server import RunningApp, free_port, serve

pytestmark = requires_services
FLUSHED_DB = 9  # this suite's own Redis database


def log_in_and_out(app: RunningApp) -> tuple[str, str]:
    access, refresh = app.register_and_login_pair("ada@example.com")
    assert app.request("GET", "/api/v1/user/me/", token=access).status == 200
    assert app.request("POST", "/api/v1/user/logout/", {"refresh": refresh}, token=access).status == 200
    assert app.request("GET", "/api/v1/user/me/", token=access).status == 401
    return access, refresh


def assert_still_refused(app: RunningApp, access: str, refresh: str) -> None:
    for _ in range(8):  # every worker
        me = app.request("GET", "/api/v1/user/me/", token=access)
        assert me.status == 401, me.body
        assert me.body["errors"][0]["code"] == "token_not_valid"
    assert app.request("POST", "/api/v1/user/token/refresh/", {"refresh": refresh}).status == 401


def test_a_flushed_redis_does_not_revive_a_logged_out_token():
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=FLUSHED_DB)
    client.flushdb()
    try:
        cache_url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{FLUSHED_DB}"
        with serve(workers=2, extra_env={"CACHE_URL": cache_url}) as app:
            access, refresh = log_in_and_out(app)
            client.flushdb()
            assert client.dbsize() == 0
            assert_still_refused(app, access, refresh)
    finally:
        client.flushdb()
        client.close()


def start_private_redis(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    """A Redis of this test's own, without persistence: a restart loses everything."""
    process = subprocess.Popen(
        [
            *(str(shutil.which("redis-server")), "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(workdir)),
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while redis_cli(port, "ping") != "PONG":
        assert time.monotonic() < deadline and process.poll() is None, "private Redis did not start"
        time.sleep(0.05)
    return process


def redis_cli(port: int, *command: str) -> str:
    answer = subprocess.run(["redis-cli", "-p", str(port), *command], capture_output=True, text=True)
    return answer.stdout.strip()


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs redis-server to start a private Redis"
)
def test_a_restarted_redis_does_not_revive_a_logged_out_token(tmp_path):
    port = free_port()
    redis_process = start_private_redis(port, tmp_path)
    try:
        with serve(workers=2, extra_env={"CACHE_URL": f"redis://127.0.0.1:{port}/0"}) as app:
            access, refresh = log_in_and_out(app)
            still_in, _ = app.register_and_login_pair("grace@example.com")
            assert int(redis_cli(port, "dbsize")) > 0  # the app was using this Redis
            stop(redis_process)
            redis_process = start_private_redis(port, tmp_path)
            assert redis_cli(port, "dbsize") == "0"
            deadline = time.monotonic() + 20  # until the workers have reconnected
            while app.request("GET", "/api/v1/user/me/", token=still_in).status != 200:
                assert time.monotonic() < deadline, "the app did not recover from the Redis restart"
                time.sleep(0.2)
            assert_still_refused(app, access, refresh)
            assert app.request("GET", "/api/v1/user/me/", token=still_in).status == 200
    finally:
        stop(redis_process)
