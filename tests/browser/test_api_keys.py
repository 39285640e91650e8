"""API keys in a real browser: made on the account's keys page, shown once, used by a program
against the live server, revoked on the page. The page is axe-clean at desktop and phone width,
light and dark."""

import http.client
import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import PASSWORD, log_in
from tests.browser.test_accessibility import axe_violations
from users.tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def ada(transactional_db):
    user = UserFactory(email="ada@example.com", first_name="Ada", email_verified=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def _call(base_url: str, key: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    """What a program sees calling the live server's customer list with the key."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    headers = {"Authorization": f"Api-Key {key}", "Content-Type": "application/json"}
    try:
        connection.request(method, "/api/v1/customers/", json.dumps(body) if body else None, headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def _axe_everywhere(page: Page, source: str) -> list[str]:
    found: list[str] = []
    desktop = page.viewport_size
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for size in (desktop, {"width": 375, "height": 812}):
            page.set_viewport_size(size)
            found.extend(f"{scheme} {size['width']}px: {v}" for v in axe_violations(page, source))
    page.set_viewport_size(desktop)
    page.emulate_media(color_scheme="light")
    return found


def test_make_use_and_revoke_a_key(app: Page, axe_source: str, ada, live_server):
    page, found = app, []
    log_in(page, email="ada@example.com")
    page.goto("/account/")
    page.get_by_role("link", name="Manage API keys").click()
    expect(page.get_by_role("heading", name="API keys", exact=True)).to_be_visible()
    expect(page.get_by_text("No keys yet.")).to_be_visible()
    found += _axe_everywhere(page, axe_source)

    page.get_by_label("Name").fill("Mailing tool")
    page.get_by_label("Read only").check()
    page.get_by_role("button", name="Make key").click()
    shown = page.get_by_label("Key", exact=True)
    expect(shown).to_be_visible()
    key = shown.input_value()
    assert key.startswith("cmk_")
    found += _axe_everywhere(page, axe_source)

    status, body = _call(live_server.url, key)
    assert status == 200 and body["data"]["results"] == []
    status, body = _call(live_server.url, key, "POST", {"first_name": "Eve"})
    assert status == 403 and body["errors"][0]["code"] == "insufficient_scope"

    page.goto("/account/api-keys/")
    expect(page.get_by_label("Key", exact=True)).to_have_count(0)  # shown once only
    keys = page.get_by_test_id("api-keys")
    expect(keys).to_contain_text("Mailing tool")
    expect(keys).to_contain_text("Read only")
    expect(keys).not_to_contain_text("never used")  # the program's call was recorded

    page.get_by_role("button", name="Revoke Mailing tool").click()
    expect(page.get_by_role("alert").or_(page.get_by_text("was revoked"))).to_contain_text("was revoked")
    expect(page.get_by_text("No keys yet.")).to_be_visible()
    found += _axe_everywhere(page, axe_source)
    assert _call(live_server.url, key)[0] == 401

    assert not found, "axe found critical/serious violations:\n" + "\n".join(found)


def test_a_bad_expiry_is_shown_on_its_field(app: Page, axe_source: str, ada):
    page = app
    log_in(page, email="ada@example.com")
    page.goto("/account/api-keys/")
    page.get_by_label("Name").fill("Old")
    page.get_by_label("Expires after").fill("2000-01-01")
    page.get_by_role("button", name="Make key").click()
    expect(page.get_by_label("Expires after")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("The expiry must be in the future.")).to_be_visible()
    assert not _axe_everywhere(page, axe_source)
