"""Password reset on the API and the pages: the same answer for any address, single-use and
expiring links, limits per address and per client, and a reset ends every session and token
of the account and lifts its lockout."""

import time

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from users.models import User
from users.tests.factories import PASSWORD, UserFactory
from users.tests.mail import link_from, sent_to
from users.tests.pages import logged_in_client

pytestmark = pytest.mark.django_db(transaction=True)

RESET = "/api/v1/user/password/reset/"
CONFIRM = "/api/v1/user/password/reset/confirm/"
TOKEN = "/api/v1/user/token/"
REFRESH = "/api/v1/user/token/refresh/"
ME = "/api/v1/user/me/"
NEW = "a-brand-new-passphrase-77"


@pytest.fixture
def user():
    return UserFactory(email="ada@example.com", first_name="Ada")


def codes(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


def ask(address="ada@example.com", client=None):
    return (client or APIClient()).post(RESET, {"email": address}, format="json")


def uid_and_token(mailoutbox):
    path = link_from(mailoutbox[-1], "/password/reset/")
    uid, token = path.strip("/").split("/")[2:4]
    return uid, token


def test_the_answer_is_the_same_whether_or_not_the_account_exists(user, mailoutbox):
    known = ask("ADA@example.com")
    unknown = ask("nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert known.json() == unknown.json()
    assert [m.to for m in mailoutbox] == [["ada@example.com"]]


def test_inactive_accounts_get_no_email(user, mailoutbox):
    user.is_active = False
    user.save()
    assert ask().status_code == 200
    assert mailoutbox == []


def test_the_link_sets_the_password_once(user, mailoutbox):
    ask()
    uid, token = uid_and_token(mailoutbox)
    response = APIClient().post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
    assert response.status_code == 200, response.json()
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert sent_to("ada@example.com")[-1].subject == "Your Customer Manager password was changed"
    again = APIClient().post(
        CONFIRM, {"uid": uid, "token": token, "new_password": "another-passphrase-88"}, format="json"
    )
    assert again.status_code == 400
    assert ("token", "invalid_token") in codes(again)
    user.refresh_from_db()
    assert user.check_password(NEW)


@override_settings(PASSWORD_RESET_TIMEOUT=1)
def test_the_link_expires(user, mailoutbox):
    ask()
    uid, token = uid_and_token(mailoutbox)
    time.sleep(2.1)
    response = APIClient().post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
    assert response.status_code == 400
    assert ("token", "invalid_token") in codes(response)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"uid": "MQ", "token": "forged-token", "new_password": NEW}, "token", "invalid_token"),
        ({"uid": "!!!", "token": "x", "new_password": NEW}, "token", "invalid_token"),
        ({"uid": "MQ", "token": "x"}, "new_password", "required"),
        ({"uid": "MQ", "token": "x", "new_password": NEW, "is_staff": True}, "is_staff", "unknown_field"),
    ],
)
def test_bad_confirmations_are_field_errors_and_change_nothing(user, body, field, code):
    response = APIClient().post(CONFIRM, body, format="json")
    assert response.status_code == 400
    assert (field, code) in codes(response), response.json()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_weak_new_password_is_refused_and_the_link_still_works(user, mailoutbox):
    ask()
    uid, token = uid_and_token(mailoutbox)
    weak = APIClient().post(CONFIRM, {"uid": uid, "token": token, "new_password": "password"}, format="json")
    assert weak.status_code == 400
    assert "new_password" in {field for field, _ in codes(weak)}
    ok = APIClient().post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
    assert ok.status_code == 200


def test_a_reset_ends_every_session_and_token_of_the_account(user, mailoutbox):
    browser = logged_in_client(user)
    assert browser.get("/customer/dashboard/").status_code == 200
    pair = APIClient().post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json").json()["data"]
    ask()
    uid, token = uid_and_token(mailoutbox)
    assert (
        APIClient()
        .post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
        .status_code
        == 200
    )

    assert browser.get("/customer/dashboard/")["Location"].startswith("/?next=")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert api.get(ME).status_code == 401
    assert APIClient().post(REFRESH, {"refresh": pair["refresh"]}, format="json").status_code == 401
    assert user.browser_sessions.count() == 0


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_reset_lifts_the_lockout(user, mailoutbox):
    for _ in range(3):
        APIClient().post(TOKEN, {"email": user.email, "password": "wrong"}, format="json")
    assert (
        APIClient().post(TOKEN, {"email": user.email, "password": PASSWORD}, format="json").status_code == 429
    )
    ask()
    uid, token = uid_and_token(mailoutbox)
    assert (
        APIClient()
        .post(CONFIRM, {"uid": uid, "token": token, "new_password": NEW}, format="json")
        .status_code
        == 200
    )
    assert APIClient().post(TOKEN, {"email": user.email, "password": NEW}, format="json").status_code == 200


@override_settings(PASSWORD_RESET_PER_ACCOUNT=2)
def test_requests_are_limited_per_address_typed(user, mailoutbox):
    statuses = [ask(client=APIClient(REMOTE_ADDR=f"10.0.0.{i}")).status_code for i in range(3)]
    assert statuses == [200, 200, 429]
    assert len(mailoutbox) == 2
    limited = ask(client=APIClient(REMOTE_ADDR="10.0.0.9"))
    assert ("email", "throttled") in codes(limited)
    assert int(limited["Retry-After"]) > 0
    # The same limit for an address no account has: a 429 reveals nothing either.
    unknown = [ask("nobody@example.com", APIClient(REMOTE_ADDR=f"10.1.0.{i}")).status_code for i in range(3)]
    assert unknown == [200, 200, 429]


@override_settings(PASSWORD_RESET_PER_CLIENT=2)
def test_requests_are_limited_per_client(user, mailoutbox):
    client = APIClient(REMOTE_ADDR="10.0.0.5")
    statuses = [ask(f"someone{i}@example.com", client).status_code for i in range(2)]
    assert statuses == [200, 200]
    assert ask("ada@example.com", client).status_code == 429
    assert mailoutbox == []
    assert ask("ada@example.com", APIClient(REMOTE_ADDR="10.0.0.6")).status_code == 200


# --- Pages ---------------------------------------------------------------------------------


def test_the_login_page_links_to_the_reset_page(db):
    page = Client().get("/").content.decode()
    assert 'href="/password/reset/"' in page
    assert "Forgot password?" in page


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_lockout_page_links_to_the_reset_page(user):
    client = Client()
    for _ in range(2):
        response = client.post("/", {"username": user.email, "password": "wrong"})
    assert response.status_code == 429
    assert 'href="/password/reset/"' in response.content.decode()


def test_resetting_through_the_pages_logs_the_user_in(user, mailoutbox):
    other = logged_in_client(user)
    browser = Client()
    response = browser.post("/password/reset/", {"email": "ada@example.com"})
    assert response["Location"] == "/password/reset/sent/"
    path = link_from(mailoutbox[-1], "/password/reset/")
    form_page = browser.get(path)
    assert form_page.status_code == 302
    assert form_page["Location"].endswith("/set-password/")  # the token leaves the address bar
    assert browser.get(form_page["Location"]).status_code == 200
    response = browser.post(form_page["Location"], {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/customer/dashboard/"
    assert browser.get("/customer/dashboard/").status_code == 200
    assert other.get("/customer/dashboard/").status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW)
    # The link is spent.
    reused = Client()
    target = reused.get(path)["Location"]
    assert reused.get(target).status_code == 400


def test_mismatched_passwords_on_the_page_are_a_field_error(user, mailoutbox):
    browser = Client()
    browser.post("/password/reset/", {"email": "ada@example.com"})
    target = browser.get(link_from(mailoutbox[-1], "/password/reset/"))["Location"]
    response = browser.post(target, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert response.status_code == 400
    assert "The two password fields didn" in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_a_bad_address_on_the_page_is_a_field_error(db):
    response = Client().post("/password/reset/", {"email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
