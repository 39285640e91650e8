"""The whole customer journey in a real browser, as a person would do it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import fill_customer, log_in, log_out, register, years_ago

pytestmark = pytest.mark.browser

DASHBOARD = re.compile(r"/customer/dashboard/(\?page=\d+)?$")


def rows(page: Page):
    return page.get_by_test_id("customer-row")


@pytest.mark.slow
def test_register_login_manage_customers_and_logout(app: Page):
    page = app
    register(page, email="journey@example.com", first_name="Jo", last_name="Rivera")
    expect(page.get_by_test_id("empty-state")).to_be_visible()
    expect(page.get_by_test_id("navbar-user")).to_contain_text("Jo Rivera")
    log_out(page)
    log_in(page, email="journey@example.com")

    # Add twelve customers through the form.
    for n in range(12):
        page.get_by_role("link", name="Add customer").first.click()
        fill_customer(
            page,
            first_name=f"Customer{chr(65 + n)}",
            last_name="Test",
            phone=f"+1415555{n:04d}",
            born="1990-05-17",
        )
        page.get_by_role("button", name="Save customer").click()
        expect(page).to_have_url(DASHBOARD)
        expect(page.get_by_role("alert")).to_contain_text(f"Customer{chr(65 + n)} Test added.")

    # Ten on page one (newest first), two on page two.
    expect(page.get_by_test_id("customer-total")).to_contain_text("12 customers")
    expect(rows(page)).to_have_count(10)
    expect(rows(page).first).to_contain_text("CustomerL Test")
    expect(rows(page).first).to_contain_text("+1 415-555-0011")
    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(rows(page)).to_have_count(2)
    expect(rows(page).nth(1)).to_contain_text("CustomerA Test")

    # Edit one.
    page.get_by_role("link", name="Edit CustomerA Test").click()
    expect(page.get_by_label("Phone number")).to_have_value("+1 415-555-0000")
    page.get_by_label("First name").fill("Ada")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Customer Ada Test updated.")

    # A twelve-year-old is refused on the date field, the input is kept.
    page.goto("/customer/dashboard/?page=2")
    page.get_by_role("link", name="Edit Ada Test").click()
    twelve = years_ago(12).isoformat()
    page.get_by_label("Date of birth").fill(twelve)
    page.get_by_role("button", name="Save changes").click()
    date_field = page.get_by_label("Date of birth")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(date_field).to_have_value(twelve)
    expect(page.locator("#id_date_of_birth_error")).to_have_text(
        "The customer must be at least 13 years old."
    )

    # A phone number another customer has is refused on the phone field.
    page.get_by_label("Date of birth").fill("1990-05-17")
    page.get_by_label("Phone number").fill("+14155550005")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_label("Phone number")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_phone_number_error")).to_have_text(
        "You already have a customer with this phone number."
    )

    # Delete one, after confirming.
    page.goto("/customer/dashboard/")
    page.get_by_role("link", name="Delete CustomerL Test").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete CustomerL Test?")
    page.get_by_role("button", name="Yes, delete this customer").click()
    expect(page.get_by_role("alert")).to_contain_text("Customer CustomerL Test deleted.")
    expect(page.get_by_test_id("customer-total")).to_contain_text("11 customers")
    expect(page.get_by_text("CustomerL Test")).to_have_count(1)  # only in the flash message

    # Log out: the dashboard now sends the visitor to the login page.
    log_out(page)
    expect(page.get_by_role("alert")).to_contain_text("You have been logged out.")
    page.goto("/customer/dashboard/")
    expect(page).to_have_url(re.compile(r"/\?next=/customer/dashboard/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
