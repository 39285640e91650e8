"""Changing one's password: on the profile page the current session stays and every other
ends; on the API every earlier token ends and the answer carries a fresh pair."""

import pytest
from rest_framework.test import APIClient

from users.tests.factories import PASSWORD, UserFactory
from users.tests.pages import logged_in_client, submit

pytestmark = pytest.mark.django_db(transaction=True)

CHANGE = "/api/v1/user/password/change/"
TOKEN = "/api/v1/user/token/"
REFRESH = "/api/v1/user/token/refresh/"
ME = "/api/v1/user/me/"
NEW = "a-brand-new-passphrase-77"


@pytest.fixture
def user():
    return UserFactory(email="ada@example.com", first_name="Ada")


def codes(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


def pair(email="ada@example.com", password=PASSWORD):
    response = APIClient().post(TOKEN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["data"]


def authed(access):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_the_api_answers_with_a_fresh_pair_and_every_earlier_token_ends(user, mailoutbox):
    first, second = pair(), pair()
    browser = logged_in_client(user)
    response = authed(first["access"]).post(
        CHANGE, {"old_password": PASSWORD, "new_password": NEW}, format="json"
    )
    assert response.status_code == 200, response.json()
    fresh = response.json()["data"]
    assert authed(fresh["access"]).get(ME).status_code == 200
    assert APIClient().post(REFRESH, {"refresh": fresh["refresh"]}, format="json").status_code == 200
    for old in (first, second):
        assert authed(old["access"]).get(ME).status_code == 401
        assert APIClient().post(REFRESH, {"refresh": old["refresh"]}, format="json").status_code == 401
    assert browser.get("/customer/dashboard/").status_code == 302
    assert APIClient().post(TOKEN, {"email": user.email, "password": NEW}, format="json").status_code == 200
    assert mailoutbox[-1].subject == "Your Customer Manager password was changed"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"old_password": "wrong", "new_password": NEW}, "old_password", "wrong_password"),
        ({"old_password": PASSWORD, "new_password": "short"}, "new_password", "password_too_short"),
        ({"old_password": PASSWORD, "new_password": "password123"}, "new_password", "password_too_common"),
        ({"old_password": PASSWORD}, "new_password", "required"),
        ({"old_password": PASSWORD, "new_password": NEW, "email": "x@example.com"}, "email", "unknown_field"),
    ],
)
def test_bad_input_is_a_field_error_and_changes_nothing(user, body, field, code):
    tokens = pair()
    response = authed(tokens["access"]).post(CHANGE, body, format="json")
    assert response.status_code == 400
    assert (field, code) in codes(response), response.json()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert authed(tokens["access"]).get(ME).status_code == 200


def test_the_api_needs_a_token(db):
    assert (
        APIClient().post(CHANGE, {"old_password": "x", "new_password": "y"}, format="json").status_code == 401
    )


def test_the_page_keeps_this_session_and_ends_the_others(user):
    here, elsewhere = logged_in_client(user), logged_in_client(user)
    tokens = pair()
    response = submit(
        here,
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        form_page="/account/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    page = here.get("/account/")
    assert page.status_code == 200
    assert "Your password has been changed" in page.content.decode()
    assert elsewhere.get("/customer/dashboard/").status_code == 302
    assert authed(tokens["access"]).get(ME).status_code == 401
    assert list(user.browser_sessions.values_list("session_key", flat=True)) == [here.session.session_key]


def test_a_wrong_current_password_on_the_page_is_a_field_error(user):
    here = logged_in_client(user)
    response = submit(
        here,
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
        form_page="/account/",
    )
    assert response.status_code == 400
    assert "Your old password was entered incorrectly" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
