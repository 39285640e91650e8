"""Account pages through the Django test client, with CSRF enforced as in production."""

import re

import pytest

from users.models import User
from users.tests.factories import PASSWORD, UserFactory
from users.tests.pages import csrf_token, logged_in_client, page_client, submit

pytestmark = pytest.mark.django_db

DASHBOARD = "/customer/dashboard/"
REGISTER = "/user/register/"
LOGOUT = "/user/logout/"

GOOD_REGISTRATION = {
    "email": "new.person@example.com",
    "first_name": "Zoë",
    "last_name": "O'Brien",
    "phone_number": "",
    "password": "a-long-unusual-passphrase-42",
    "password_confirm": "a-long-unusual-passphrase-42",
}


@pytest.fixture
def user():
    return UserFactory(email="ann@example.com", first_name="Ann", last_name="Lee")


# --- login --------------------------------------------------------------------------------


def test_login_page_has_labelled_email_and_password_fields_and_a_csrf_token():
    response = page_client().get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="email"' in html and 'for="id_username"' in html and "Email address" in html
    assert 'type="password"' in html and 'for="id_password"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_login_rotates_the_session_and_lands_on_the_dashboard(user):
    client = page_client()
    csrf_token(client, "/")
    client.session.save()
    anonymous_key = client.session.session_key
    response = submit(client, "/", {"username": "ANN@example.com", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    assert client.session.session_key != anonymous_key
    assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_wrong_password_or_unknown_email_shows_one_message_and_logs_nobody_in(user, email):
    client = page_client()
    response = submit(client, "/", {"username": email, "password": "wrong"})
    assert response.status_code == 200
    assert "The email address or password is incorrect." in response.content.decode()
    assert f'value="{email}"' in response.content.decode()  # input kept
    assert client.get(DASHBOARD).status_code == 302


def test_logged_in_user_goes_from_the_login_page_straight_to_the_dashboard(user):
    client = logged_in_client(user)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == DASHBOARD


def test_next_is_followed_when_it_points_at_this_site(user):
    client = page_client()
    response = submit(
        client, "/", {"username": user.email, "password": PASSWORD, "next": "/customer/create/"}
    )
    assert response["Location"] == "/customer/create/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path", "http:///evil.example"])
def test_next_pointing_at_another_host_is_ignored(user, target):
    client = page_client()
    response = submit(client, "/", {"username": user.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response["Location"] == DASHBOARD


def test_login_carries_next_from_the_redirect_through_the_form(user):
    client = page_client()
    response = client.get("/customer/create/")
    assert response.status_code == 302 and response["Location"] == "/?next=/customer/create/"
    html = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/customer/create/"' in html


def test_login_without_csrf_token_is_refused_with_a_styled_page(user):
    response = page_client().post("/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
    assert "bootstrap.min.css" in response.content.decode()


# --- register -----------------------------------------------------------------------------


def test_register_page_renders_every_field_with_a_label():
    html = page_client().get(REGISTER).content.decode()
    for name in ("email", "first_name", "last_name", "phone_number", "password", "password_confirm"):
        assert f'for="id_{name}"' in html
    assert "+14155550123" in html  # the phone formats are explained


def test_register_creates_the_account_and_sends_the_user_to_log_in():
    client = page_client()
    response = submit(client, REGISTER, GOOD_REGISTRATION)
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="new.person@example.com")
    assert (user.first_name, user.last_name) == ("Zoë", "O'Brien")
    login_page = client.get("/")
    assert "Check your email" in login_page.content.decode()
    logged_in = submit(
        client, "/", {"username": "new.person@example.com", "password": GOOD_REGISTRATION["password"]}
    )
    assert logged_in.status_code == 302 and logged_in["Location"] == DASHBOARD
    assert "Zoë O&#x27;Brien" in client.get(DASHBOARD).content.decode()


def test_register_with_a_taken_email_answers_exactly_like_a_new_one(user):
    answers = []
    for email in ("Ann@Example.com", "someone.new@example.com"):
        client = page_client()
        response = submit(client, REGISTER, {**GOOD_REGISTRATION, "email": email})
        assert response.status_code == 302 and response["Location"] == "/"
        page = " ".join(client.get("/").content.decode().split())
        answers.append(re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page))
    assert answers[0] == answers[1]
    assert User.objects.filter(email="ann@example.com").get().first_name != "Zoë"


def test_the_register_page_shares_the_apis_per_address_budget(db, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "register": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.test import APIClient

    page = page_client()
    assert submit(page, REGISTER, {**GOOD_REGISTRATION, "email": "a1@example.com"}).status_code == 302
    body = {"email": "a2@example.com", "password": GOOD_REGISTRATION["password"], "first_name": "A"}
    assert APIClient().post("/api/v1/user/register/", body, format="json").status_code == 202
    refused = submit(page, REGISTER, {**GOOD_REGISTRATION, "email": "a3@example.com"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert not User.objects.filter(email="a3@example.com").exists()
    other = page_client()
    other.defaults["REMOTE_ADDR"] = "10.9.9.9"
    assert submit(other, REGISTER, {**GOOD_REGISTRATION, "email": "a3@example.com"}).status_code == 302


def test_register_applies_django_password_validators_on_the_password_field():
    data = {**GOOD_REGISTRATION, "password": "12345678", "password_confirm": "12345678"}
    response = submit(page_client(), REGISTER, data)
    errors = " ".join(response.context["form"].errors["password"])
    assert "too common" in errors and "entirely numeric" in errors
    assert not User.objects.exists()


def test_register_with_different_passwords_says_so_on_the_confirmation():
    data = {**GOOD_REGISTRATION, "password_confirm": "something-else-entirely-9"}
    response = submit(page_client(), REGISTER, data)
    assert response.context["form"].errors["password_confirm"] == ["The two passwords differ."]
    assert not User.objects.exists()


def test_register_applies_the_name_and_phone_rules_of_the_domain():
    data = {**GOOD_REGISTRATION, "first_name": "R2D2", "phone_number": "12"}
    response = submit(page_client(), REGISTER, data)
    errors = response.context["form"].errors
    assert "letters" in errors["first_name"][0]
    assert "valid phone number" in errors["phone_number"][0]
    assert not User.objects.exists()


def test_register_page_sends_a_logged_in_user_to_the_dashboard(user):
    response = logged_in_client(user).get(REGISTER)
    assert response.status_code == 302 and response["Location"] == DASHBOARD


def test_register_without_csrf_token_is_refused():
    response = page_client().post(REGISTER, GOOD_REGISTRATION)
    assert response.status_code == 403
    assert not User.objects.exists()


# --- logout -------------------------------------------------------------------------------


def test_every_page_has_a_logout_button_posting_with_a_csrf_token_and_the_users_name(user):
    html = logged_in_client(user).get(DASHBOARD).content.decode()
    form_start = html.index(f'action="{LOGOUT}"')
    assert html[html.rindex("<form", 0, form_start) : form_start].count('method="post"') == 1
    assert 'name="csrfmiddlewaretoken"' in html[form_start : html.index("</form>", form_start)]
    assert "Ann Lee" in html


def test_logout_by_get_is_refused(user):
    client = logged_in_client(user)
    assert client.get(LOGOUT).status_code == 405
    assert client.get(DASHBOARD).status_code == 200  # still logged in


def test_logout_flushes_the_session_so_the_old_cookie_no_longer_works(user):
    client = logged_in_client(user)
    old_cookie = client.cookies["sessionid"].value
    response = submit(client, LOGOUT, form_page=DASHBOARD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "logged out" in client.get("/").content.decode()
    assert client.get(DASHBOARD).status_code == 302

    replay = page_client()
    replay.cookies["sessionid"] = old_cookie
    response = replay.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_logout_without_csrf_token_is_refused_and_keeps_the_session(user):
    client = logged_in_client(user)
    assert client.post(LOGOUT).status_code == 403
    assert client.get(DASHBOARD).status_code == 200
