"""Failed logins across the token endpoint, the web login and the admin: a hard lock per
(account, address), a much higher limit per address, a growing delay per account. Nobody can
lock anyone else out, a locked client cannot extend its lock, and the lock does not reveal
whether an account exists."""

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import Sum
from django.test import Client, override_settings
from rest_framework.test import APIClient

from users.tests.factories import PASSWORD, UserFactory

TOKEN = "/api/v1/user/token/"


@pytest.fixture(autouse=True)
def _login_rate_out_of_the_way(settings):
    """The per-address login rate (tested last) would answer 429 first; these tests are about
    the lock."""
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "100000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def user(db):
    return UserFactory(email="ada@example.com", is_staff=True)


def token_attempt(email, password, address="10.0.0.1", **headers):
    client = APIClient(REMOTE_ADDR=address)
    return client.post(TOKEN, {"email": email, "password": password}, format="json", **headers)


def counted_failures(email: str) -> int:
    return AccessAttempt.objects.filter(username=email).aggregate(n=Sum("failures_since_start"))["n"] or 0


@override_settings(AXES_FAILURE_LIMIT=3)
def test_after_the_limit_even_the_right_password_is_refused_from_that_address(user):
    statuses = [token_attempt("ada@example.com", "wrong").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]  # the failure that reaches the limit locks
    locked = token_attempt("ada@example.com", PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["status"] == "Failure"
    assert locked.json()["errors"][0]["code"] == "locked_out"
    assert 14 * 60 < int(locked["Retry-After"]) <= 15 * 60
    assert "access" not in locked.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_attacker_on_one_address_cannot_keep_the_victim_out_from_another(user):
    attacker = [
        token_attempt("ada@example.com", "wrong", address="203.0.113.9").status_code for _ in range(40)
    ]
    assert attacker[:2] == [401, 401] and set(attacker[2:]) == {429}
    assert token_attempt("ada@example.com", PASSWORD, address="203.0.113.9").status_code == 429
    victim = token_attempt("ada@example.com", PASSWORD, address="198.51.100.7")
    assert victim.status_code == 200, victim.json()
    web = Client(REMOTE_ADDR="198.51.100.8")
    assert web.post("/", {"username": "ada@example.com", "password": PASSWORD}).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(seconds=2))
def test_a_locked_client_adds_no_failures_and_cannot_extend_its_lock(user):
    for _ in range(3):
        token_attempt("ada@example.com", "wrong")
    locked_at = time.monotonic()
    while time.monotonic() - locked_at < 1.5:  # keeps hammering while locked
        assert token_attempt("ada@example.com", "wrong").status_code == 429
        time.sleep(0.1)
    assert counted_failures("ada@example.com") == 3
    time.sleep(max(0.0, locked_at + 2.2 - time.monotonic()))
    assert token_attempt("ada@example.com", PASSWORD).status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_an_address_guessing_many_accounts_is_locked_only_at_its_much_higher_limit(user):
    for i in range(7):
        assert token_attempt(f"guess{i}@example.com", "wrong", address="10.0.0.7").status_code == 401
    assert token_attempt("ada@example.com", PASSWORD, address="10.0.0.7").status_code == 200
    token_attempt("guess-last@example.com", "wrong", address="10.0.0.7")
    locked = token_attempt("ada@example.com", PASSWORD, address="10.0.0.7")
    assert locked.status_code == 429
    assert 14 * 60 < int(locked["Retry-After"]) <= 15 * 60
    assert token_attempt("ada@example.com", PASSWORD, address="10.0.0.8").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3, LOGIN_ACCOUNT_DELAY_AFTER=4, LOGIN_ACCOUNT_DELAY_MAX_SECONDS=60)
def test_many_addresses_on_one_account_get_a_growing_delay_not_a_wall(user):
    for i in range(4):
        assert token_attempt("ada@example.com", "wrong", address=f"10.1.0.{i}").status_code == 401
    paused = token_attempt("ada@example.com", PASSWORD, address="10.2.0.1")
    assert paused.status_code == 429
    assert paused["Retry-After"] == "1"
    time.sleep(1.05)
    assert token_attempt("ada@example.com", "wrong", address="10.1.0.9").status_code == 401
    assert token_attempt("ada@example.com", PASSWORD, address="10.2.0.1")["Retry-After"] == "2"
    time.sleep(2.05)
    assert token_attempt("ada@example.com", PASSWORD, address="10.2.0.1").status_code == 200
    assert counted_failures("ada@example.com") == 5  # the refused attempts did not count


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_locked_unknown_account_looks_like_a_locked_real_one(user):
    for _ in range(3):
        token_attempt("ada@example.com", "wrong", address="10.0.1.1")
        token_attempt("nobody@example.com", "wrong", address="10.0.2.1")
    real = token_attempt("ada@example.com", "wrong", address="10.0.1.1")
    ghost = token_attempt("nobody@example.com", "wrong", address="10.0.2.1")
    assert real.status_code == ghost.status_code == 429
    assert real.json() == ghost.json()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(user):
    for i in range(3):
        token_attempt("ada@example.com", "wrong", address="10.0.0.5", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = token_attempt(
        "ada@example.com", PASSWORD, address="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_and_web_login_failures_count_towards_the_same_lock(user):
    admin = Client(REMOTE_ADDR="10.0.3.1")
    admin.post("/admin/login/", {"username": "ada@example.com", "password": "wrong"})
    Client(REMOTE_ADDR="10.0.3.1").post("/", {"username": "ada@example.com", "password": "wrong"})
    assert token_attempt("ada@example.com", "wrong", address="10.0.3.1").status_code == 429
    assert token_attempt("ada@example.com", PASSWORD, address="10.0.3.1").status_code == 429
    page = admin.post("/admin/login/", {"username": "ada@example.com", "password": PASSWORD})
    assert page.status_code == 429
    assert "_auth_user_id" not in admin.session
    assert token_attempt("ada@example.com", PASSWORD, address="10.0.3.3").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3, TIME_ZONE="UTC")
def test_the_locked_out_page_says_when_to_try_again(user):
    web = Client(REMOTE_ADDR="10.0.4.1")
    for _ in range(2):
        web.post("/", {"username": "ada@example.com", "password": "wrong"})
    page = web.post("/", {"username": "ada@example.com", "password": "wrong"})
    assert page.status_code == 429
    text = page.content.decode()
    assert re.search(r"You can try again in 15 minutes \(at \d\d:\d\d UTC\)", text), text
    assert 14 * 60 < int(page["Retry-After"]) <= 15 * 60
    assert '<a href="/">Back to log in</a>' in text


def test_web_and_admin_logins_share_the_token_endpoints_budget_per_address(user, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "3/min"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        web = Client(REMOTE_ADDR="10.0.5.1")
        assert web.post("/", {"username": "a@example.com", "password": "x"}).status_code == 200
        admin = Client(REMOTE_ADDR="10.0.5.1")
        assert admin.post("/admin/login/", {"username": "b@example.com", "password": "x"}).status_code == 200
        assert token_attempt("c@example.com", "x", address="10.0.5.1").status_code == 401
        for client, path in ((web, "/"), (admin, "/admin/login/")):
            refused = client.post(path, {"username": "ada@example.com", "password": PASSWORD})
            assert refused.status_code == 429
            assert int(refused["Retry-After"]) > 0
            assert "Try again in" in refused.content.decode()
        assert token_attempt("ada@example.com", PASSWORD, address="10.0.5.1").status_code == 429
        other = Client(REMOTE_ADDR="10.0.5.2")
        assert other.post("/", {"username": "ada@example.com", "password": PASSWORD}).status_code == 302
