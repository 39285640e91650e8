"""Failed logins are limited per account and per address across the token endpoint, the web
login and the admin together; the lock does not reveal whether an account exists."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from users.tests.factories import PASSWORD, UserFactory

TOKEN = "/api/v1/user/token/"


@pytest.fixture
def user(db):
    return UserFactory(email="ada@example.com", is_staff=True)


def token_attempt(email, password, address="10.0.0.1", **headers):
    client = APIClient(REMOTE_ADDR=address)
    return client.post(TOKEN, {"email": email, "password": password}, format="json", **headers)


@override_settings(AXES_FAILURE_LIMIT=3)
def test_after_the_limit_even_the_right_password_is_refused(user):
    statuses = [token_attempt("ada@example.com", "wrong").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]  # the failure that reaches the limit locks
    locked = token_attempt("ada@example.com", PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["status"] == "Failure"
    assert locked.json()["errors"][0]["code"] == "locked_out"
    assert int(locked["Retry-After"]) > 0
    assert "access" not in locked.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lock_is_per_account_from_any_address(user):
    for i in range(3):
        token_attempt("ada@example.com", "wrong", address=f"10.0.0.{i + 1}")
    assert token_attempt("ada@example.com", PASSWORD, address="10.9.9.9").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lock_is_per_address_across_accounts(user):
    for i in range(3):
        token_attempt(f"guess{i}@example.com", "wrong", address="10.0.0.7")
    assert token_attempt("ada@example.com", PASSWORD, address="10.0.0.7").status_code == 429
    assert token_attempt("ada@example.com", PASSWORD, address="10.0.0.8").status_code == 200


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
def test_a_forged_forwarded_for_header_does_not_dodge_the_address_limit(user):
    for i in range(3):
        token_attempt(
            f"guess{i}@example.com", "wrong", address="10.0.0.5", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}"
        )
    response = token_attempt(
        "ada@example.com", PASSWORD, address="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_login_failures_count_towards_the_same_lock(user):
    admin = Client(REMOTE_ADDR="10.0.3.1")
    for _ in range(2):
        admin.post("/admin/login/", {"username": "ada@example.com", "password": "wrong"})
    assert token_attempt("ada@example.com", "wrong", address="10.0.3.2").status_code == 429
    assert token_attempt("ada@example.com", PASSWORD, address="10.0.3.3").status_code == 429
    page = admin.post("/admin/login/", {"username": "ada@example.com", "password": PASSWORD})
    assert page.status_code == 429
    assert "_auth_user_id" not in admin.session
