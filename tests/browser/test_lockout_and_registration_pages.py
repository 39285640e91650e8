"""The lockout and registration pages, in Chromium: the paused-login page says when to try
again, the registration answer is the neutral "check your email"; both axe-clean at desktop
and at 375 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PASSWORD
from tests.browser.test_accessibility import axe_violations
from users.tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_the_paused_login_page_says_when_and_is_accessible(
    app: Page, axe_source: str, transactional_db, width
):
    page = app
    page.set_viewport_size({"width": width, "height": 900})
    UserFactory(email="ada@example.com")
    for _ in range(5):
        page.goto("/")
        page.get_by_label("Email address").fill("ada@example.com")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Log in").click()
    message = page.get_by_test_id("lockout-message")
    expect(message).to_have_text(re.compile(r"You can try again in 15 minutes \(at \d\d:\d\d \w+\)\."))
    expect(page.get_by_role("heading", name="Login paused")).to_be_visible()
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("width", [1280, 375])
def test_registration_answers_check_your_email_and_is_accessible(
    app: Page, axe_source: str, transactional_db, width
):
    page = app
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/user/register/")
    page.get_by_label("Email address").fill("new@example.com")
    page.get_by_label("First name").fill("Nia")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/")
    expect(page.get_by_text("Check your email")).to_be_visible()
    assert axe_violations(page, axe_source) == []
