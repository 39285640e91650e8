"""The profile page /account/: name, email, password, two-factor, the browsers signed in with
"sign out everywhere else", and the place of account deletion."""

import pytest
from django.test import Client

from users.tests.factories import UserFactory
from users.tests.pages import logged_in_client, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ada():
    return UserFactory(email="ada@example.com", first_name="Ada", last_name="Lovelace")


def test_the_page_needs_login(db):
    response = Client().get("/account/")
    assert response["Location"] == "/?next=/account/"


def test_the_page_gathers_every_section(ada):
    page = logged_in_client(ada).get("/account/").content.decode()
    for heading in ("Name", "Email address", "Password", "Two-factor sign-in", "Where you are signed in"):
        assert f">{heading}</h2>" in page
    assert "ada@example.com" in page
    assert 'href="/account/two-factor/"' in page
    assert "Sign out everywhere else" in page


def test_the_navbar_links_to_the_account_page(ada):
    assert 'href="/account/"' in logged_in_client(ada).get("/customer/dashboard/").content.decode()


def test_renaming_applies_the_name_rule(ada):
    browser = logged_in_client(ada)
    bad = submit(browser, "/account/", {"first_name": "R2D2", "last_name": ""})
    assert bad.status_code == 400
    assert 'aria-invalid="true"' in bad.content.decode()
    ada.refresh_from_db()
    assert ada.first_name == "Ada"
    ok = submit(browser, "/account/", {"first_name": "  Augusta ", "last_name": "King"})
    assert ok["Location"] == "/account/"
    ada.refresh_from_db()
    assert (ada.first_name, ada.last_name) == ("Augusta", "King")


def test_sessions_are_listed_and_the_others_can_be_signed_out(ada):
    here = logged_in_client(ada)
    phone = Client(enforce_csrf_checks=True, HTTP_USER_AGENT="PhoneBrowser/1.0")
    submit(phone, "/", {"username": ada.email, "password": "correct-horse-battery-staple"})
    page = here.get("/account/").content.decode()
    assert "PhoneBrowser/1.0" in page
    assert page.count('class="list-group-item"') == 2
    assert "This browser" in page

    response = submit(here, "/account/sessions/sign-out-others/", form_page="/account/")
    assert response["Location"] == "/account/"
    page = here.get("/account/").content.decode()
    assert "Signed out of 1 other session." in page
    assert "PhoneBrowser/1.0" not in page
    assert phone.get("/customer/dashboard/").status_code == 302
    assert here.get("/customer/dashboard/").status_code == 200


def test_logging_out_removes_the_session_from_the_list(ada):
    browser = logged_in_client(ada)
    assert ada.browser_sessions.count() == 1
    submit(browser, "/user/logout/", form_page="/account/")
    assert ada.browser_sessions.count() == 0


def test_account_deletion_has_its_place(ada):
    page = logged_in_client(ada).get("/account/").content.decode()
    assert ">Delete your account</h2>" in page
