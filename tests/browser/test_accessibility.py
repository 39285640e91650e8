"""Every page passes axe-core with no critical or serious violation, and can be used by keyboard."""

import re

import pytest
from playwright.sync_api import Page, expect

from customers.tests.factories import CustomerFactory
from tests.browser.helpers import PASSWORD, fill_customer, log_in, years_ago
from users.tests.factories import UserFactory

pytestmark = pytest.mark.browser

BLOCKING = ("critical", "serious")


def axe_violations(page: Page, axe_source: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: our CSP forbids inline <script> tags.
        page.evaluate(axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url} [{v['impact']}] {v['id']}: {v['help']} → "
        + "; ".join(
            node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
            for node in v["nodes"]
        )
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def owner(transactional_db):
    user = UserFactory(email="axe@example.com", first_name="Ada", last_name="Lovelace")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.slow
def test_every_page_has_no_serious_accessibility_violation(axe_source: str, app: Page, owner):
    page = app
    found: list[str] = []

    def check(path: str | None = None) -> None:
        if path is not None:
            page.goto(path)
        found.extend(axe_violations(page, axe_source))

    # Logged out: login (and its error), registration (and its errors), a 404.
    check("/")
    page.get_by_label("Email address").fill("axe@example.com")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    check()
    check("/user/register/")
    page.get_by_role("button", name="Create account").click()  # browser validation blocks; submit via form
    page.evaluate("() => document.querySelector('form[action=\"/user/register/\"]').noValidate = true")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".is-invalid").first).to_be_visible()
    check()
    check("/no-such-page/")

    # Logged in: empty dashboard, full dashboard, forms with errors, confirmation, 404.
    log_in(page, email=owner.email)
    check()
    customers = [CustomerFactory(owner=owner, phone_number=f"+1415555{n:04d}") for n in range(23)]
    check("/customer/dashboard/?page=2")
    check("/customer/create/")
    fill_customer(page, first_name="Kid", phone="+14155550001", born=years_ago(12))
    page.get_by_role("button", name="Save customer").click()
    expect(page.get_by_label("Date of birth")).to_have_attribute("aria-invalid", "true")
    check()
    check(f"/customer/{customers[0].pk}/modify/")
    check(f"/customer/{customers[0].pk}/delete/")
    check(f"/customer/{customers[0].pk}/history/")
    check("/customer/999999/modify/")
    check("/customer/dashboard/?search=zz&age_min=50&age_max=20&ordering=last_name")
    check("/customer/trash/")
    check("/customer/import/")

    assert not found, "axe found critical/serious violations:\n" + "\n".join(found)


def test_login_and_first_customer_by_keyboard_alone(app: Page, owner):
    page = app
    page.goto("/")
    # The email field has focus on load: type, Tab to the password, Enter submits.
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(owner.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url("/customer/dashboard/")

    # On a page without autofocus, the first Tab reaches the skip link, which is then shown.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    # From the empty state's call to action to a saved customer, by keyboard.
    page.get_by_test_id("empty-state").get_by_role("link", name="Add customer").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url("/customer/create/")
    page.get_by_label("First name").focus()
    page.keyboard.type("Grace")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Last name")).to_be_focused()
    page.keyboard.type("Hopper")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Phone number")).to_be_focused()
    page.keyboard.type("+14155550199")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Date of birth")).to_be_focused()
    page.keyboard.type("05171990")  # Chromium's date field takes digits in its display order
    save = page.get_by_role("button", name="Save customer")
    for _ in range(4):  # past the date field's own parts, if the browser makes them tab stops
        page.keyboard.press("Tab")
        if save.evaluate("button => button === document.activeElement"):
            break
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/customer/dashboard/$"))
    expect(page.get_by_test_id("customer-row")).to_contain_text("Grace Hopper")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_outage_page_has_no_serious_accessibility_violation(
    axe_source: str, app: Page, owner, settings, width
):
    """Redis really unreachable (a closed port): the schema, served from the cache, gets the 503
    page, which must be as usable as every other page, at desktop and phone width."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/13",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    page = app
    page.set_viewport_size({"width": width, "height": 844})
    page.goto("/swagger.json")

    expect(page.get_by_role("heading", name="Temporarily unavailable")).to_be_visible()
    found = axe_violations(page, axe_source)
    assert not found, "axe found critical/serious violations:\n" + "\n".join(found)
