"""Erase now, the personal-data download and delete my account, in a real browser, each page
axe-clean at desktop and phone width."""

import json

import pytest
from playwright.sync_api import Page, expect

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from tests.browser.helpers import PASSWORD, register
from tests.browser.test_accessibility import axe_violations
from users.models import User

pytestmark = pytest.mark.browser

WIDTHS = (1280, 375)


def check_at_both_widths(page: Page, axe_source: str, found: list[str]) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        found.extend(f"{width}px: {item}" for item in axe_violations(page, axe_source))
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


@pytest.mark.slow
def test_erase_a_trashed_customer_after_confirming(app: Page, axe_source: str):
    page = app
    found: list[str] = []
    register(page, email="eraser@example.com", first_name="Er")
    owner = User.objects.get(email="eraser@example.com")
    gone = CustomerFactory(owner=owner, first_name="Gone", last_name="Forever")
    page.goto("/customer/dashboard/")
    page.get_by_role("link", name="Delete Gone Forever").click()
    page.get_by_role("button", name="Yes, delete this customer").click()
    page.get_by_role("link", name="Trash").first.click()
    check_at_both_widths(page, axe_source, found)

    with page.expect_download() as download:
        page.get_by_role("link", name="Data of Gone Forever (JSON)").click()
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert exported["customer"]["id"] == gone.pk and exported["customer"]["deleted_at"]
    assert exported["history"][0]["action"] == "deleted"  # newest first

    page.get_by_role("link", name="Erase now Gone Forever").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase Gone Forever permanently?")
    check_at_both_widths(page, axe_source, found)
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_test_id("trash-row")).to_have_count(1)  # cancelling erased nothing

    page.get_by_role("link", name="Erase now Gone Forever").click()
    page.get_by_role("button", name="Yes, erase permanently").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Gone Forever was erased permanently, with their history."
    )
    expect(page.get_by_test_id("trash-empty")).to_be_visible()
    assert not Customer.objects.filter(pk=gone.pk).exists()
    assert not Customer.history.filter(id=gone.pk).exists()
    page.goto(f"/customer/{gone.pk}/history/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("not found", ignore_case=True)
    assert not found, "axe found critical/serious violations:\n" + "\n".join(found)


@pytest.mark.slow
def test_delete_my_account_needs_the_password_and_then_the_email_is_free(app: Page, axe_source: str):
    page = app
    found: list[str] = []
    register(page, email="leaver@example.com", first_name="Lea")
    owner = User.objects.get(email="leaver@example.com")
    CustomerFactory(owner=owner, first_name="Left", last_name="Behind")
    page.goto("/account/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    check_at_both_widths(page, axe_source, found)

    page.get_by_label("Your password").fill("not my password")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_label("Your password")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("That is not your password.")).to_be_visible()
    check_at_both_widths(page, axe_source, found)
    assert User.objects.filter(email="leaver@example.com").exists()

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url("/")
    expect(page.get_by_role("alert")).to_contain_text("Your account and everything in it have been deleted.")
    assert not User.objects.filter(email="leaver@example.com").exists()
    assert not Customer.objects.filter(owner_id=owner.pk).exists()
    assert not Customer.history.filter(owner_id=owner.pk).exists()
    page.goto("/customer/dashboard/")
    expect(page).to_have_url("/?next=/customer/dashboard/")  # this browser is logged out

    register(page, email="leaver@example.com", first_name="Lea")  # the email can register again
    assert User.objects.get(email="leaver@example.com").pk != owner.pk
    assert not found, "axe found critical/serious violations:\n" + "\n".join(found)


def test_erasing_in_one_tab_makes_the_other_tabs_confirm_a_not_found_page(app: Page):
    """A customer erased in one browser tab is a 404 page in the other, not an error."""
    page = app
    register(page, email="tabs@example.com", first_name="Ta")
    owner = User.objects.get(email="tabs@example.com")
    gone = CustomerFactory(owner=owner, first_name="Two", last_name="Tabs")
    Customer.objects.filter(pk=gone.pk).update(deleted_at="2026-01-01T00:00:00Z")
    page.goto(f"/customer/{gone.pk}/erase/")
    other = page.context.new_page()
    other.goto(f"/customer/{gone.pk}/erase/")
    other.get_by_role("button", name="Yes, erase permanently").click()
    expect(other.get_by_role("alert")).to_contain_text("erased permanently")
    page.get_by_role("button", name="Yes, erase permanently").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("not found", ignore_case=True)
