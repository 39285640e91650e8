"""Accounts in a real browser: a forgotten password reset through an email read from a real
SMTP server, two-factor sign-in with an authenticator code and a recovery code, and a
registration that must confirm its address first. Every page on the way is axe-clean, at
desktop width and at 375 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PASSWORD, log_in, log_out
from tests.browser.test_accessibility import axe_violations
from tests.support.smtp import Mailbox, link_in, smtp_server
from users.tests.factories import UserFactory
from users.tests.two_factor import code

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-completely-new-passphrase-91"


@pytest.fixture
def mailbox(settings):
    with smtp_server() as box:
        for name, value in box.settings().items():
            setattr(settings, name, value)
        settings.EMAIL_SEND_IN_BACKGROUND = True
        yield box


@pytest.fixture
def ada(transactional_db):
    user = UserFactory(email="ada@example.com", first_name="Ada", last_name="Lovelace", email_verified=True)
    user.set_password(PASSWORD)
    user.save()
    return user


class Axe:
    def __init__(self, page: Page, source: str) -> None:
        self.page, self.source, self.found = page, source, []

    def check(self) -> None:
        self.found.extend(axe_violations(self.page, self.source))
        desktop = self.page.viewport_size
        self.page.set_viewport_size({"width": 375, "height": 812})
        self.found.extend(axe_violations(self.page, self.source))
        self.page.set_viewport_size(desktop)


def test_forgot_password_email_new_password_logged_in(app: Page, axe_source: str, ada, mailbox: Mailbox):
    page, axe = app, Axe(app, axe_source)
    page.goto("/")
    page.get_by_role("link", name="Forgot password?").click()
    expect(page).to_have_url("/password/reset/")
    axe.check()
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    axe.check()

    [message] = mailbox.wait_for(1)
    assert message["To"] == "ada@example.com"
    page.goto(link_in(message, "/password/reset/"))
    expect(page).to_have_url(re.compile(r"/password/reset/[^/]+/set-password/$"))
    axe.check()
    page.locator("#id_new_password1").fill("short")
    page.locator("#id_new_password2").fill("short")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_text("This password is too short.").first).to_be_visible()
    axe.check()
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my new password").click()
    expect(page).to_have_url("/customer/dashboard/")
    expect(page.get_by_role("alert")).to_contain_text("Your password has been changed and you are logged in.")
    expect(page.get_by_test_id("navbar-user")).to_contain_text("Ada Lovelace")

    notice = mailbox.wait_for(2)[1]
    assert notice["Subject"] == "Your Customer Manager password was changed"
    log_out(page)
    log_in(page, email="ada@example.com", password=NEW_PASSWORD)
    assert axe.found == []


@pytest.mark.slow
def test_two_factor_enable_log_in_with_a_code_then_a_recovery_code(app: Page, axe_source: str, ada):
    page, axe = app, Axe(app, axe_source)
    log_in(page, email="ada@example.com")
    page.get_by_role("link", name="Account").click()
    expect(page).to_have_url("/account/")
    axe.check()
    page.get_by_role("link", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    axe.check()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill("000000" if code(secret) != "000000" else "111111")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("The code is incorrect").first).to_be_visible()
    axe.check()
    page.get_by_label("Code from the app").fill(code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    axe.check()
    recovery = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(recovery) == 10
    page.get_by_role("link", name="I have saved them").click()
    expect(page.get_by_text("Recovery codes left: 10")).to_be_visible()
    axe.check()
    log_out(page)

    # Password, then a code from the app (the next step's: the current one was spent enrolling).
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/login/code/")
    axe.check()
    page.get_by_label("Authentication code").fill(code(secret, 1))
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url("/customer/dashboard/")
    log_out(page)

    # Password, then a recovery code; it is spent afterwards.
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Authentication code").fill(recovery[0])
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url("/customer/dashboard/")
    expect(page.get_by_role("alert")).to_contain_text("You used a recovery code; 9 left.")
    log_out(page)
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Authentication code").fill(recovery[0])
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("The code is incorrect or has already been used.").first).to_be_visible()
    axe.check()
    expect(page).to_have_url("/login/code/")
    assert axe.found == []


@pytest.mark.slow
def test_registration_with_mandatory_verification(app: Page, axe_source: str, mailbox: Mailbox, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    page, axe = app, Axe(app, axe_source)
    page.goto("/user/register/")
    page.get_by_label("Email address").fill("nia@example.com")
    page.get_by_label("First name").fill("Nia")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/")
    expect(page.get_by_role("alert")).to_contain_text("Check your email")
    axe.check()

    page.get_by_label("Email address").fill("nia@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Confirm your email address first")).to_be_visible()
    axe.check()

    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Confirm your email address for Customer Manager"
    page.goto(link_in(message, "/account/verify/"))
    expect(page).to_have_url("/")
    expect(page.get_by_role("alert")).to_contain_text("Your email address nia@example.com is confirmed.")
    log_in(page, email="nia@example.com")
    expect(page.get_by_test_id("verify-banner")).to_have_count(0)
    assert axe.found == []


@pytest.mark.slow
def test_the_optional_banner_and_the_account_pages_are_axe_clean(
    app: Page, axe_source: str, transactional_db
):
    page, axe = app, Axe(app, axe_source)
    user = UserFactory(email="opt@example.com", first_name="Opt")
    user.set_password(PASSWORD)
    user.save()
    log_in(page, email="opt@example.com")
    expect(page.get_by_test_id("verify-banner")).to_be_visible()
    axe.check()
    page.goto("/account/")
    page.locator("#id_old_password").fill("wrong")  # the password form's error state
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your old password was entered incorrectly").first).to_be_visible()
    axe.check()
    for path in ("/account/verify/resend/", "/account/verify/not-a-token/"):
        page.goto(path)
        axe.check()
    assert axe.found == []


@pytest.mark.slow
def test_a_passkey_as_the_second_factor(app: Page, axe_source: str, ada, live_server, settings):
    """Chromium's virtual authenticator (DevTools WebAuthn domain) plays the security key: the
    library's real scripts and views run the registration and the sign-in ceremonies."""
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    page, axe = app, Axe(app, axe_source)
    assert live_server.url.startswith("http://localhost:")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]

    log_in(page, email="ada@example.com")
    page.goto("/account/")
    expect(page.get_by_text("Turn on two-factor sign-in with an authenticator app first")).to_be_visible()
    page.goto("/account/two-factor/")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(code(secret))
    page.get_by_role("button", name="Turn on").click()
    page.get_by_role("link", name="I have saved them").click()

    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator("#passkey-register-status-message")).to_have_text("Registration successful!")
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]) == 1
    page.reload()
    expect(page.get_by_test_id("passkeys").locator("li")).to_have_count(1)
    axe.check()
    log_out(page)

    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/login/code/")
    axe.check()
    page.get_by_role("button", name="Use a passkey instead").click()
    expect(page).to_have_url("/customer/dashboard/")
    expect(page.get_by_test_id("navbar-user")).to_contain_text("Ada Lovelace")
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert credential["signCount"] >= 1
    assert axe.found == []
