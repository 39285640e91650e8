"""Verified addresses: a link at registration, the three modes of ACCOUNT_EMAIL_VERIFICATION,
resending (limited), `email_verified` on the profile, and changing the address (password, then
a link to the new address; the old one is told)."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from users.models import User
from users.tests.factories import PASSWORD, UserFactory
from users.tests.mail import link_from, sent_to
from users.tests.pages import logged_in_client, submit

pytestmark = pytest.mark.django_db(transaction=True)

REGISTER = "/api/v1/user/register/"
TOKEN = "/api/v1/user/token/"
ME = "/api/v1/user/me/"
VERIFY = "/api/v1/user/email/verify/"
RESEND = "/api/v1/user/email/verify/resend/"
CHANGE = "/api/v1/user/email/change/"
STRONG = "Tr1cky-Passphrase!"


def codes(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


def register_api(email="new@example.com"):
    response = APIClient().post(
        REGISTER, {"email": email, "password": STRONG, "first_name": "Nia"}, format="json"
    )
    assert response.status_code == 202, response.json()
    return response


def me(email="new@example.com", password=STRONG):
    data = APIClient().post(TOKEN, {"email": email, "password": password}, format="json").json()["data"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {data['access']}")
    return client, client.get(ME).json()["data"]


def token_of(path):
    return path.rstrip("/").rsplit("/", 1)[1]


def test_optional_registration_sends_a_link_and_me_shows_the_state(mailoutbox):
    register_api()
    [message] = sent_to("new@example.com")
    assert message.subject == "Confirm your email address for Customer Manager"
    _, profile = me()
    assert profile["email_verified"] is False
    path = link_from(message, "/account/verify/")
    response = Client().get(path)
    assert response.status_code == 302
    _, profile = me()
    assert profile["email_verified"] is True


def test_the_banner_shows_until_the_address_is_confirmed(mailoutbox):
    register_api()
    user = User.objects.get()
    browser = Client()
    browser.post("/", {"username": "new@example.com", "password": STRONG})
    assert 'data-testid="verify-banner"' in browser.get("/customer/dashboard/").content.decode()
    browser.get(link_from(mailoutbox[-1], "/account/verify/"))
    assert 'data-testid="verify-banner"' not in browser.get("/customer/dashboard/").content.decode()
    user.refresh_from_db()
    assert user.email_verified


@override_settings(ACCOUNT_EMAIL_VERIFICATION="none")
def test_mode_none_sends_nothing_and_shows_no_banner(mailoutbox):
    register_api()
    assert mailoutbox == []
    browser = Client()
    browser.post("/", {"username": "new@example.com", "password": STRONG})
    assert 'data-testid="verify-banner"' not in browser.get("/customer/dashboard/").content.decode()


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_mandatory_mode_refuses_login_on_pages_and_api_until_verified(mailoutbox):
    browser = Client()
    response = browser.post(
        "/user/register/",
        {
            "email": "new@example.com",
            "first_name": "Nia",
            "password": STRONG,
            "password_confirm": STRONG,
        },
    )
    assert response["Location"] == "/"
    assert browser.get("/customer/dashboard/").status_code == 302  # not logged in

    login = browser.post("/", {"username": "new@example.com", "password": STRONG})
    assert login.status_code == 200
    assert "Confirm your email address first" in login.content.decode()
    api = APIClient().post(TOKEN, {"email": "new@example.com", "password": STRONG}, format="json")
    assert api.status_code == 401
    assert api.json()["errors"][0]["code"] == "email_not_verified"
    # A wrong password still says only that the credentials are wrong.
    wrong = APIClient().post(TOKEN, {"email": "new@example.com", "password": "nope"}, format="json")
    assert wrong.json()["message"] == "No active account found with the given credentials"

    assert browser.get(link_from(mailoutbox[-1], "/account/verify/"))["Location"] == "/"
    assert (
        browser.post("/", {"username": "new@example.com", "password": STRONG})["Location"]
        == "/customer/dashboard/"
    )
    assert (
        APIClient().post(TOKEN, {"email": "new@example.com", "password": STRONG}, format="json").status_code
        == 200
    )


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_mandatory_mode_ends_existing_sessions_and_tokens_of_unverified_accounts(db):
    user = UserFactory(email="old@example.com")
    with override_settings(ACCOUNT_EMAIL_VERIFICATION="optional"):
        browser = logged_in_client(user)
        access = (
            APIClient()
            .post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json")
            .json()["data"]["access"]
        )
    assert browser.get("/customer/dashboard/").status_code == 302
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "email_not_verified"


def test_the_api_verifies_a_token_and_refuses_forged_or_stale_ones(mailoutbox):
    register_api()
    token = token_of(link_from(mailoutbox[-1], "/account/verify/"))
    response = APIClient().post(VERIFY, {"token": token}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["email_verified"] is True
    forged = APIClient().post(VERIFY, {"token": token[:-2] + "xx"}, format="json")
    assert forged.status_code == 400
    assert ("token", "invalid_token") in codes(forged)
    assert APIClient().post(VERIFY, {}, format="json").status_code == 400


@override_settings(ACCOUNT_EMAIL_VERIFICATION_TIMEOUT=-1)
def test_an_expired_link_is_refused(mailoutbox):
    register_api()
    response = Client().get(link_from(mailoutbox[-1], "/account/verify/"))
    assert response.status_code == 400
    assert "invalid or has expired" in response.content.decode()
    assert not User.objects.get().email_verified


@override_settings(ACCOUNT_EMAIL_RESEND_PER_HOUR=2)
def test_resend_answers_the_same_for_anyone_and_is_limited(mailoutbox):
    register_api()
    mailoutbox.clear()
    known = APIClient().post(RESEND, {"email": "new@example.com"}, format="json")
    unknown = APIClient().post(RESEND, {"email": "nobody@example.com"}, format="json")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert len(mailoutbox) == 1
    assert APIClient().post(RESEND, {"email": "new@example.com"}, format="json").status_code == 200
    limited = APIClient().post(RESEND, {"email": "new@example.com"}, format="json")
    assert limited.status_code == 429
    assert len(mailoutbox) == 2


def test_the_resend_page_sends_a_new_link(mailoutbox):
    register_api()
    mailoutbox.clear()
    response = Client().post("/account/verify/resend/", {"email": "new@example.com"})
    assert response["Location"] == "/account/verify/sent/"
    assert len(sent_to("new@example.com")) == 1


# --- Changing the address ------------------------------------------------------------------


@pytest.fixture
def ada():
    return UserFactory(email="ada@example.com", first_name="Ada", email_verified=True)


def test_changing_the_address_needs_the_password_and_the_new_address_link(ada, mailoutbox):
    client, _ = me("ada@example.com", PASSWORD)
    wrong = client.post(CHANGE, {"new_email": "ada@new.example", "password": "nope"}, format="json")
    assert wrong.status_code == 400
    assert ("password", "wrong_password") in codes(wrong)
    assert mailoutbox == []

    response = client.post(CHANGE, {"new_email": "Ada@New.example", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    ada.refresh_from_db()
    assert ada.email == "ada@example.com"  # nothing changes before the link is followed
    [message] = sent_to("ada@new.example")
    path = link_from(message, "/account/verify/")

    assert Client().get(path).status_code == 302
    ada.refresh_from_db()
    assert (ada.email, ada.email_verified) == ("ada@new.example", True)
    [notice] = sent_to("ada@example.com")
    assert "changed from ada@example.com to ada@new.example" in notice.body
    # The link is spent: the account's address is no longer the one it was issued for.
    assert Client().get(path).status_code == 400


def test_an_address_in_use_is_a_409_on_new_email(ada):
    UserFactory(email="taken@example.com")
    client, _ = me("ada@example.com", PASSWORD)
    response = client.post(CHANGE, {"new_email": "taken@example.com", "password": PASSWORD}, format="json")
    assert response.status_code == 409
    assert ("new_email", "duplicate") in codes(response)


def test_an_address_taken_before_the_link_is_followed_is_a_409(ada, mailoutbox):
    client, _ = me("ada@example.com", PASSWORD)
    client.post(CHANGE, {"new_email": "ada@new.example", "password": PASSWORD}, format="json")
    token = token_of(link_from(sent_to("ada@new.example")[0], "/account/verify/"))
    UserFactory(email="ada@new.example")
    response = APIClient().post(VERIFY, {"token": token}, format="json")
    assert response.status_code == 409
    ada.refresh_from_db()
    assert ada.email == "ada@example.com"


def test_the_profile_page_changes_the_address(ada, mailoutbox):
    browser = logged_in_client(ada)
    response = submit(
        browser,
        "/account/email/",
        {"new_email": "ada@new.example", "password": PASSWORD},
        form_page="/account/",
    )
    assert response["Location"] == "/account/"
    assert "We sent a link to ada@new.example" in browser.get("/account/").content.decode()
    bad = submit(
        browser, "/account/email/", {"new_email": "ada@new.example", "password": "x"}, form_page="/account/"
    )
    assert bad.status_code == 400
    assert "Your password is incorrect." in bad.content.decode()


def test_registering_a_taken_address_answers_the_same_and_tells_its_owner(mailoutbox):
    UserFactory(email="ada@example.com", first_name="Ada")
    new = APIClient().post(
        REGISTER, {"email": "new@example.com", "password": STRONG, "first_name": "Nia"}, format="json"
    )
    taken = APIClient().post(
        REGISTER, {"email": "ADA@example.com", "password": STRONG, "first_name": "Eve"}, format="json"
    )
    assert new.status_code == taken.status_code == 202
    assert new.json() == taken.json()
    [notice] = sent_to("ada@example.com")
    assert notice.subject == "You already have a Customer Manager account"
    assert link_from(notice, "/password/reset/") == "/password/reset/"
    assert User.objects.get(email="ada@example.com").first_name == "Ada"
