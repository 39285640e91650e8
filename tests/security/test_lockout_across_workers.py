"""The lockout rules hold on a real gunicorn with several workers and the per-process default
cache: an attacker on one address is locked out of the account after the limit, whichever
worker each attempt lands on, and the victim still logs in from another address."""

import json
import secrets
import urllib.error
import urllib.request

import pytest

from tests.support.server import RunningApp, serve

pytestmark = pytest.mark.slow

LIMIT = 5


def login(app: RunningApp, email: str, password: str, address: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback
        app.base + "/api/v1/user/token/",
        data=json.dumps({"email": email, "password": password}).encode(),
        # The test plays the one trusted proxy in front of the app.
        headers={"Content-Type": "application/json", "X-Forwarded-For": address},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310 - loopback
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_an_attacker_cannot_lock_the_victim_out_across_workers():
    env = {
        "TRUSTED_PROXY_COUNT": "1",
        "LOGIN_FAILURE_LIMIT": str(LIMIT),
        "LOGIN_ADDRESS_FAILURE_LIMIT": "100",
    }
    with serve(workers=3, extra_env=env) as app:
        password = secrets.token_urlsafe(16)
        app.request(
            "POST",
            "/api/v1/user/register/",
            {"email": "victim@example.com", "password": password, "first_name": "Vic"},
        )
        attacker = [login(app, "victim@example.com", "wrong-guess", "203.0.113.9") for _ in range(30)]
        assert attacker[: LIMIT - 1] == [401] * (LIMIT - 1)
        assert set(attacker[LIMIT - 1 :]) == {429}, attacker  # one count across all three workers
        assert login(app, "victim@example.com", password, "203.0.113.9") == 429
        assert login(app, "victim@example.com", password, "198.51.100.7") == 200
