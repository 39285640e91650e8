"""Passwords are taken exactly as typed and must be long and uncommon; browser sessions end
when idle and at an absolute age; nothing personal is left in a cache."""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from users.tests.factories import PASSWORD, UserFactory
from users.tests.pages import page_client, submit

REGISTER = "/api/v1/user/register/"
TOKEN = "/api/v1/user/token/"
DASHBOARD = "/customer/dashboard/"
SPACED = "  spaced out passphrase "


def register(password):
    return APIClient().post(
        REGISTER, {"email": "new@example.com", "password": password, "first_name": "Ada"}, format="json"
    )


def password_codes(response):
    return {e["code"] for e in response.json()["errors"] if e["field"] == "password"}


@pytest.mark.django_db
def test_a_password_with_spaces_at_its_ends_works_on_the_api_as_on_the_web():
    user = UserFactory(email="spaced@example.com")
    user.set_password(SPACED)
    user.save()
    api = APIClient().post(TOKEN, {"email": user.email, "password": SPACED}, format="json")
    assert api.status_code == 200, api.json()
    web = submit(page_client(), "/", {"username": user.email, "password": SPACED})
    assert web.status_code == 302
    trimmed = APIClient().post(TOKEN, {"email": user.email, "password": SPACED.strip()}, format="json")
    assert trimmed.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Zebra-Kite7", "password_too_short"),  # 11 characters
        (" " * 16, "password_blank"),
        ("manchesterunited", "password_too_common"),
        ("professional", "password_too_common"),
    ],
)
def test_short_blank_and_common_passwords_are_refused(password, code):
    response = register(password)
    assert response.status_code == 400
    assert code in password_codes(response)


@pytest.mark.django_db
def test_a_twelve_character_uncommon_password_is_accepted():
    assert register("Zebra-Kite7!").status_code in (200, 201, 202)


@pytest.fixture
def browser(db):
    user = UserFactory(email="ada@example.com")
    client = page_client()
    assert submit(client, "/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def age_session(client, **seconds_ago):
    session = client.session
    for name, ago in seconds_ago.items():
        session[f"_session_{name}_at"] = time.time() - ago
    session.save()


def test_a_session_idle_for_longer_than_the_timeout_is_logged_out(browser):
    age_session(browser, seen=2 * 3600 + 60)
    response = browser.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith("/?next=")
    assert browser.get(DASHBOARD).status_code == 302  # for good: the session is gone


def test_activity_keeps_a_session_alive_until_its_absolute_lifetime(browser):
    age_session(browser, seen=100 * 60, started=3 * 24 * 3600)
    assert browser.get(DASHBOARD).status_code == 200
    assert time.time() - browser.session["_session_seen_at"] < 5  # the request counted as activity
    age_session(browser, seen=10, started=7 * 24 * 3600 + 60)
    assert browser.get(DASHBOARD).status_code == 302


@override_settings(SESSION_IDLE_TIMEOUT=timedelta(minutes=5), SESSION_ABSOLUTE_LIFETIME=timedelta(hours=1))
def test_both_session_limits_are_configurable(browser):
    age_session(browser, seen=4 * 60)
    assert browser.get(DASHBOARD).status_code == 200
    age_session(browser, seen=6 * 60)
    assert browser.get(DASHBOARD).status_code == 302


def test_responses_with_personal_data_or_tokens_are_not_stored_by_caches(browser):
    tokens = APIClient().post(TOKEN, {"email": "ada@example.com", "password": PASSWORD}, format="json")
    assert tokens.status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['data']['access']}")
    for response in (
        tokens,
        api.get("/api/v1/user/me/"),
        api.get("/api/v1/customers/"),
        api.get("/api/v1/customers/export/"),
        browser.get(DASHBOARD),
        browser.get("/customer/export/"),
        page_client().get("/"),
    ):
        assert "no-store" in response.get("Cache-Control", ""), response.get("Cache-Control")
