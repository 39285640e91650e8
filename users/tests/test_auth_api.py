"""Accounts through the API: register, token, refresh with rotation, logout, profile."""

import pytest
from rest_framework.test import APIClient

from users.models import User
from users.tests.factories import PASSWORD, UserFactory

REGISTER = "/api/v1/user/register/"
TOKEN = "/api/v1/user/token/"
REFRESH = "/api/v1/user/token/refresh/"
LOGOUT = "/api/v1/user/logout/"
ME = "/api/v1/user/me/"
STRONG = "Tr1cky-Passphrase!"


def codes(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


@pytest.fixture
def user(db):
    return UserFactory(email="ada@example.com", first_name="Ada")


def tokens(client, email="ada@example.com", password=PASSWORD, key="email"):
    response = client.post(TOKEN, {key: email, "password": password}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["data"]


def test_register_creates_an_account_and_never_returns_the_password(api_client, db):
    response = api_client.post(
        REGISTER,
        {
            "email": "New@Example.com",
            "password": STRONG,
            "first_name": "José",
            "phone_number": "(415) 555-0100",
        },
        format="json",
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["message"].startswith("Thanks for signing up. Check your email")
    assert body["data"] is None
    assert STRONG not in response.content.decode()
    user = User.objects.get(email="new@example.com")
    assert user.check_password(STRONG)
    assert (user.first_name, str(user.phone_number)) == ("José", "+14155550100")
    assert tokens(api_client, "new@example.com", password=STRONG)["access"]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"password": "123"}, "password", "password_too_short"),
        ({"password": "password123"}, "password", "password_too_common"),
        ({"email": "not-an-email"}, "email", "invalid"),
        ({"first_name": "R2D2"}, "first_name", "invalid_name"),
        ({"phone_number": "12"}, "phone_number", "invalid_phone"),
        ({"is_staff": True}, "is_staff", "read_only"),
        ({"is_superuser": True}, "is_superuser", "read_only"),
    ],
)
def test_register_refuses_bad_input_field_by_field(api_client, db, overrides, field, code):
    body = {"email": "new@example.com", "password": STRONG, "first_name": "Ada"} | overrides
    response = api_client.post(REGISTER, body, format="json")
    assert response.status_code == 400
    assert (field, code) in codes(response)
    assert not User.objects.exists()


def test_register_with_a_taken_email_in_any_case_answers_exactly_like_a_new_one(api_client, user):
    taken = api_client.post(
        REGISTER, {"email": "ADA@example.com", "password": STRONG, "first_name": "Eve"}, format="json"
    )
    new = api_client.post(
        REGISTER, {"email": "grace@example.com", "password": STRONG, "first_name": "Eve"}, format="json"
    )
    assert taken.status_code == new.status_code == 202
    assert taken.json() == new.json()
    assert User.objects.count() == 2
    ada = User.objects.get(email="ada@example.com")
    assert ada.first_name == "Ada" and ada.check_password(PASSWORD)  # the account is untouched


@pytest.mark.parametrize("key", ["email", "username"])
def test_token_accepts_email_or_the_original_username_alias(api_client, user, key):
    data = tokens(api_client, "ADA@example.com", key=key)
    assert set(data) == {"access", "refresh"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {data['access']}")
    me = api_client.get(ME)
    assert me.status_code == 200
    assert me.json()["data"]["email"] == "ada@example.com"


def test_wrong_password_and_unknown_email_answer_identically(api_client, user):
    wrong = api_client.post(TOKEN, {"email": "ada@example.com", "password": "nope"}, format="json")
    unknown = api_client.post(TOKEN, {"email": "nobody@example.com", "password": "nope"}, format="json")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["message"] == "No active account found with the given credentials"


def test_token_requires_an_email(api_client, db):
    response = api_client.post(TOKEN, {"password": "x"}, format="json")
    assert response.status_code == 400
    assert ("email", "required") in codes(response)


def test_refresh_rotates_and_the_used_refresh_is_refused_on_reuse(api_client, user):
    first = tokens(api_client)
    response = api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert response.status_code == 200
    second = response.json()["data"]
    assert second["refresh"] != first["refresh"]
    reused = api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json")
    assert reused.status_code == 401
    assert api_client.post(REFRESH, {"refresh": second["refresh"]}, format="json").status_code == 200


def test_refresh_of_a_deactivated_user_is_refused(api_client, user):
    first = tokens(api_client)
    user.is_active = False
    user.save()
    assert api_client.post(REFRESH, {"refresh": first["refresh"]}, format="json").status_code == 401


def test_refresh_with_garbage_is_401_and_without_a_token_400(api_client, db):
    assert api_client.post(REFRESH, {"refresh": "garbage"}, format="json").status_code == 401
    response = api_client.post(REFRESH, {}, format="json")
    assert response.status_code == 400
    assert ("refresh", "required") in codes(response)


def test_logout_blacklists_the_refresh(api_client, user):
    pair = tokens(api_client)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    response = api_client.post(LOGOUT, {"refresh": pair["refresh"]}, format="json")
    assert response.status_code == 200
    assert response.json()["message"] == "Logged out successfully"
    assert APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 401


def test_a_user_cannot_log_out_someone_elses_token(api_client, user):
    victim = tokens(APIClient())
    UserFactory(email="eve@example.com")
    attacker = tokens(api_client, "eve@example.com")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {attacker['access']}")
    response = api_client.post(LOGOUT, {"refresh": victim["refresh"]}, format="json")
    assert response.status_code == 403
    assert APIClient().post(REFRESH, {"refresh": victim["refresh"]}, format="json").status_code == 200


def test_logout_and_me_need_a_token(api_client, db):
    assert api_client.post(LOGOUT, {"refresh": "x"}, format="json").status_code == 401
    assert api_client.get(ME).status_code == 401
