"""Token hygiene: revocation on logout and password change, and tokens that must never pass."""

import base64
import json
from datetime import timedelta

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from users.tests.factories import PASSWORD, UserFactory

ME = "/api/v1/user/me/"


@pytest.fixture
def user(db):
    return UserFactory(email="ada@example.com")


def login(client=None):
    client = client or APIClient()
    data = client.post(
        "/api/v1/user/token/", {"email": "ada@example.com", "password": PASSWORD}, format="json"
    ).json()["data"]
    return data["access"], data["refresh"]


def bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_logout_also_revokes_the_access_token_that_called_it(user):
    access, refresh = login()
    client = bearer(access)
    assert client.get(ME).status_code == 200
    assert client.post("/api/v1/user/logout/", {"refresh": refresh}, format="json").status_code == 200
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_not_valid"


def test_logout_revokes_every_access_token_of_the_login_and_only_that_login(user):
    first_access, first_refresh = login()
    refreshed = APIClient().post("/api/v1/user/token/refresh/", {"refresh": first_refresh}, format="json")
    second_access, second_refresh = refreshed.json()["data"]["access"], refreshed.json()["data"]["refresh"]
    other_access, other_refresh = login()  # another device: a login of its own
    assert bearer(first_access).get(ME).status_code == 200
    out = bearer(second_access).post("/api/v1/user/logout/", {"refresh": second_refresh}, format="json")
    assert out.status_code == 200
    for access in (first_access, second_access):  # the earlier refresh's token dies too
        response = bearer(access).get(ME)
        assert response.status_code == 401
        assert response.json()["errors"][0]["code"] == "token_not_valid"
    for refresh in (first_refresh, second_refresh):
        again = APIClient().post("/api/v1/user/token/refresh/", {"refresh": refresh}, format="json")
        assert again.status_code == 401
    assert bearer(other_access).get(ME).status_code == 200
    assert (
        APIClient().post("/api/v1/user/token/refresh/", {"refresh": other_refresh}, format="json").status_code
        == 200
    )


def test_revocation_is_kept_in_the_database_not_the_cache(user):
    from django.core.cache import cache

    access, refresh = login()
    bearer(access).post("/api/v1/user/logout/", {"refresh": refresh}, format="json")
    cache.clear()  # a flushed or restarted cache
    assert bearer(access).get(ME).status_code == 401


def test_a_password_change_revokes_outstanding_access_and_refresh_tokens(user):
    access, refresh = login()
    user.set_password("An0ther-Passphrase!")
    user.save()
    assert bearer(access).get(ME).status_code == 401
    assert (
        APIClient().post("/api/v1/user/token/refresh/", {"refresh": refresh}, format="json").status_code
        == 401
    )


def test_a_deactivated_users_tokens_are_refused(user):
    access, refresh = login()
    user.is_active = False
    user.save()
    assert bearer(access).get(ME).status_code == 401
    assert (
        APIClient().post("/api/v1/user/token/refresh/", {"refresh": refresh}, format="json").status_code
        == 401
    )


def test_tampered_expired_and_unsigned_tokens_are_401(user):
    access, _ = login()
    header, payload, signature = access.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["user_id"] = "999"
    tampered = f"{header}.{b64(claims)}.{signature}"
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{payload}."
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(seconds=1))
    for token in (tampered, unsigned, str(expired), "a.b.c"):
        response = bearer(token).get(ME)
        assert response.status_code == 401, token
        assert response.json()["status"] == "Failure"


def test_a_refresh_token_is_not_an_access_token(user):
    _, refresh = login()
    assert bearer(refresh).get(ME).status_code == 401


def test_tokens_are_never_read_from_the_query_string(user):
    access, _ = login()
    assert APIClient().get(f"{ME}?token={access}").status_code == 401
    assert APIClient().get(f"{ME}?access_token={access}").status_code == 401


def test_access_tokens_are_short_lived_by_default(user):
    token = RefreshToken.for_user(user).access_token
    assert int(token["exp"]) - int(token["iat"]) <= 15 * 60


def test_a_token_for_a_user_that_no_longer_exists_is_refused(user):
    access, _ = login()
    user.delete()
    response = bearer(access).get(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "user_not_found"


def test_a_signed_token_without_a_user_claim_is_refused(user):
    token = AccessToken.for_user(user)
    del token["user_id"]
    response = bearer(str(token)).get(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_not_valid"


def test_a_signed_token_naming_a_malformed_user_id_is_refused_not_a_500(user):
    token = AccessToken.for_user(user)
    token["user_id"] = "not-a-number"
    response = bearer(str(token)).get(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "user_not_found"


def test_the_authenticated_user_is_the_full_row(user):
    access, _ = login()
    body = bearer(access).get(ME).json()["data"]
    assert body["email"] == "ada@example.com"
    assert body["id"] == user.pk
