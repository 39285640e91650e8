"""Turning on two-factor sign-in the way a user does, and computing codes from the secret the
page shows with pyotp (an implementation independent of django-otp)."""

import re
import time

import pyotp
from django.test import Client

from users.tests.pages import submit


def secret_on(page: str) -> str:
    found = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page)
    assert found, "the setup page shows no key"
    return found.group(1).replace(" ", "")


def code(secret: str, steps: int = 0) -> str:
    """The code an authenticator shows `steps` time steps (30 s) from now."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps)


def recovery_codes_on(page: str) -> list[str]:
    block = page.split('data-testid="recovery-codes"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li class="col">([a-z2-7]+)</li>', block)


def enable_totp(browser: Client) -> tuple[str, list[str]]:
    """Scan (read the key), confirm with a code, and keep the recovery codes: (secret, codes)."""
    setup = browser.get("/account/two-factor/")
    assert setup.status_code == 200
    secret = secret_on(setup.content.decode())
    response = submit(browser, "/account/two-factor/", {"code": code(secret)})
    assert response.status_code == 200, response.content.decode()[:3000]
    assert "no-store" in response["Cache-Control"]
    codes = recovery_codes_on(response.content.decode())
    assert len(codes) == 10
    return secret, codes
