"""Passkeys: added only on top of an authenticator app, signed in with only for the account whose
password was just checked, and removed only with the password. (The ceremonies themselves run
in Chromium with a virtual authenticator: tests/browser/test_accounts.py.)"""

import pytest
from django.test import Client
from django_otp_webauthn.models import WebAuthnCredential

from users.tests.factories import PASSWORD, UserFactory
from users.tests.pages import logged_in_client, submit
from users.tests.two_factor import enable_totp

pytestmark = pytest.mark.django_db(transaction=True)

BEGIN_REGISTRATION = "/account/passkeys/registration/begin/"
BEGIN_SIGN_IN = "/account/passkeys/authentication/begin/"


@pytest.fixture
def ada():
    return UserFactory(email="ada@example.com")


def test_a_passkey_needs_two_factor_on_first(ada):
    browser = logged_in_client(ada)
    response = browser.post(BEGIN_REGISTRATION, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_off"
    enable_totp(browser)
    options = browser.post(BEGIN_REGISTRATION, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert options.status_code == 200
    assert options.json()["rp"]["id"] == "localhost"
    assert options.json()["user"]["name"] == "ada@example.com"


def test_registration_needs_login(db):
    assert Client().post(BEGIN_REGISTRATION).status_code in (401, 403)


def test_the_sign_in_ceremony_is_only_for_a_pending_second_step(ada):
    anonymous = Client()
    refused = anonymous.post(BEGIN_SIGN_IN)
    assert refused.status_code == 403  # no passwordless login
    browser = logged_in_client(ada)
    enable_totp(browser)
    pending = Client()
    assert pending.post("/", {"username": ada.email, "password": PASSWORD})["Location"] == "/login/code/"
    assert pending.post(BEGIN_SIGN_IN).status_code == 200


def test_removing_a_passkey_needs_the_password(ada):
    browser = logged_in_client(ada)
    enable_totp(browser)
    passkey = WebAuthnCredential.objects.create(
        user=ada, name="Key", credential_id=b"\x01" * 16, public_key=b"\x02" * 16, confirmed=True
    )
    submit(
        browser,
        f"/account/passkeys/{passkey.pk}/remove/",
        {f"passkey{passkey.pk}-password": "wrong"},
        form_page="/account/",
    )
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    other = UserFactory(email="eve@example.com")
    eve = logged_in_client(other)
    submit(
        eve,
        f"/account/passkeys/{passkey.pk}/remove/",
        {f"passkey{passkey.pk}-password": PASSWORD},
        form_page="/account/",
    )
    assert WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
    submit(
        browser,
        f"/account/passkeys/{passkey.pk}/remove/",
        {f"passkey{passkey.pk}-password": PASSWORD},
        form_page="/account/",
    )
    assert not WebAuthnCredential.objects.filter(pk=passkey.pk).exists()
