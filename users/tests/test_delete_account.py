"""Delete my account: every customer, history row, token and session of
the user goes, after the password is confirmed; the email can register again."""

import pytest
from axes.models import AccessLog
from django.contrib.sessions.models import Session
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from common.models import IdempotencyKey
from customers.models import Customer, CustomerErasure
from customers.tests.factories import CustomerFactory
from users.models import User
from users.tests.factories import PASSWORD, UserFactory
from users.tests.pages import logged_in_client, submit

DELETE, TOKEN, REFRESH, ME, REGISTER = (
    "/api/v1/user/delete/",
    "/api/v1/user/token/",
    "/api/v1/user/token/refresh/",
    "/api/v1/user/me/",
    "/api/v1/user/register/",
)
PAGE = "/account/delete/"
STRONG = "Tr1cky-Passphrase!"


@pytest.fixture
def ada(db):
    return UserFactory(email="ada@example.com", first_name="Ada")


def login(client, email="ada@example.com", password=PASSWORD):
    response = client.post(TOKEN, {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["data"]


def with_data(user):
    """A book with an active and a trashed customer (both with history) and a kept replay."""
    active = CustomerFactory(owner=user, phone_number="+14155550171")
    CustomerFactory(owner=user, phone_number="+14155550172", deleted_at="2026-01-01T00:00:00Z")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {login(APIClient(), user.email)['access']}")
    body = {"first_name": "Kept", "phone_number": "+14155550173", "date_of_birth": "1990-01-02"}
    assert api.post("/api/v1/customers/", body, format="json", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert Customer.history.filter(owner_id=user.pk).count() == 3
    return active


def nothing_left_of(user_id, email):
    return (
        not User.objects.filter(pk=user_id).exists()
        and not Customer.objects.filter(owner_id=user_id).exists()
        and not Customer.history.filter(owner_id=user_id).exists()
        and not OutstandingToken.objects.filter(user_id=user_id).exists()
        and not IdempotencyKey.objects.filter(user_id=user_id).exists()
        and not AccessLog.objects.filter(username=email).exists()
        and not any(s.get_decoded().get("_auth_user_id") == str(user_id) for s in Session.objects.all())
    )


def test_delete_account_erases_everything_and_the_tokens_stop_working(ada):
    with_data(ada)
    bob = UserFactory()
    bobs = CustomerFactory(owner=bob, phone_number="+14155550171")
    browser = Client()
    browser.force_login(ada)
    pair = login(APIClient())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert AccessLog.objects.filter(username="ada@example.com").exists()

    response = api.post(DELETE, {"password": PASSWORD}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["message"] == "Account deleted"
    assert nothing_left_of(ada.pk, "ada@example.com")
    assert CustomerErasure.objects.filter(reason="account_deleted").count() == 3
    assert api.get(ME).status_code == 401
    assert APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 401
    assert browser.get("/customer/dashboard/").status_code == 302  # logged out everywhere
    assert Customer.objects.get(pk=bobs.pk).owner_id == bob.pk  # nobody else's data touched


def test_the_email_can_register_again_afterwards(ada):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {login(APIClient())['access']}")
    assert api.post(DELETE, {"password": PASSWORD}, format="json").status_code == 200
    body = {"email": "ada@example.com", "password": STRONG, "first_name": "Ada"}
    assert APIClient().post(REGISTER, body, format="json").status_code < 300
    fresh = User.objects.get(email="ada@example.com")
    assert fresh.pk != ada.pk
    assert login(APIClient(), password=STRONG)["access"]
    assert not Customer.objects.filter(owner=fresh).exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"password": "wrong password"}, "wrong_password"),
        ({"password": " " + PASSWORD}, "wrong_password"),  # no trimming: exactly the password
        ({}, "required"),
        ({"password": PASSWORD, "email": "x@example.com"}, "unknown_field"),
    ],
)
def test_a_wrong_or_missing_password_is_a_field_error_and_deletes_nothing(ada, body, code):
    active = with_data(ada)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {login(APIClient())['access']}")
    response = api.post(DELETE, body, format="json")
    assert response.status_code == 400
    assert code in {e["code"] for e in response.json()["errors"]}
    assert User.objects.filter(pk=ada.pk).exists() and Customer.objects.filter(pk=active.pk).exists()
    assert api.get(ME).status_code == 200


def test_anonymous_callers_get_401(db):
    assert APIClient().post(DELETE, {"password": PASSWORD}, format="json").status_code == 401


# --- the page -------------------------------------------------------------------------------


def test_the_page_needs_login(db):
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_the_page_refuses_a_wrong_password_or_no_confirmation_with_field_errors(ada):
    client = logged_in_client(ada)
    response = submit(client, PAGE, {"password": "nope", "confirm": "on"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    response = submit(client, PAGE, {"password": PASSWORD})
    assert "Tick this box to confirm." in response.content.decode()
    assert User.objects.filter(pk=ada.pk).exists()
    assert client.get("/customer/dashboard/").status_code == 200


def test_the_page_deletes_the_account_and_logs_out(ada):
    with_data(ada)
    client = logged_in_client(ada)
    other_browser = logged_in_client(ada)
    response = submit(client, PAGE, {"password": PASSWORD, "confirm": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Your account and everything in it have been deleted." in response.content.decode()
    assert nothing_left_of(ada.pk, "ada@example.com")
    assert other_browser.get("/customer/dashboard/").status_code == 302


def test_guessing_the_password_is_stopped_after_five_tries_on_the_api_and_the_page(ada):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {login(APIClient())['access']}")
    for attempt in range(5):
        assert api.post(DELETE, {"password": f"guess {attempt}"}, format="json").status_code == 400
    refused = api.post(DELETE, {"password": PASSWORD}, format="json")  # even the right one, for now
    assert refused.status_code == 429
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("password", "throttled")]
    page = submit(logged_in_client(ada), PAGE, {"password": PASSWORD, "confirm": "on"})
    assert page.status_code == 200 and "Too many wrong passwords" in page.content.decode()
    assert User.objects.filter(pk=ada.pk).exists()
