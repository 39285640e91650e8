"""Search, sort, trash/restore and the import preview in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from customers.tests.factories import CustomerFactory
from tests.browser.helpers import register
from users.models import User

pytestmark = pytest.mark.browser


def rows(page: Page):
    return page.get_by_test_id("customer-row")


def test_search_sort_and_filters_survive_pagination(app: Page):
    page = app
    register(page, email="finder@example.com", first_name="Fi")
    owner = User.objects.get(email="finder@example.com")
    CustomerFactory(owner=owner, first_name="José", last_name="Zamora")
    CustomerFactory(owner=owner, first_name="Josefa", last_name="Alba")
    CustomerFactory(owner=owner, first_name="Ann", last_name="Lee")
    page.goto("/customer/dashboard/")
    page.get_by_label("Search").fill("jose")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("customer-total")).to_contain_text("2 customers found")
    expect(rows(page)).to_have_count(2)
    page.get_by_test_id("sort-name").click()
    expect(rows(page).first).to_contain_text("Josefa Alba")
    page.get_by_test_id("sort-name").click()
    expect(rows(page).first).to_contain_text("José Zamora")
    expect(page.get_by_label("Search")).to_have_value("jose")
    page.get_by_label("Age from").fill("50")
    page.get_by_label("Age to").fill("20")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("find-error").first).to_contain_text("Must not be above age_max")


def test_delete_then_restore_from_the_trash(app: Page):
    page = app
    register(page, email="trash@example.com", first_name="Tr")
    owner = User.objects.get(email="trash@example.com")
    CustomerFactory(owner=owner, first_name="Gone", last_name="Soon")
    page.goto("/customer/dashboard/")
    page.get_by_role("link", name="Delete Gone Soon").click()
    page.get_by_role("button", name="Yes, delete this customer").click()
    page.get_by_role("link", name="Trash").first.click()
    expect(page.get_by_test_id("trash-row")).to_have_count(1)
    page.get_by_role("button", name="Restore Gone Soon").click()
    expect(page.get_by_role("alert")).to_contain_text("Customer Gone Soon restored.")
    expect(page.get_by_test_id("trash-empty")).to_be_visible()


def test_import_preview_shows_rows_and_problems_before_anything_is_saved(app: Page, tmp_path):
    page = app
    register(page, email="importer@example.com", first_name="Im")
    path = tmp_path / "customers.csv"
    path.write_text(
        "first_name,last_name,phone_number,date_of_birth\nJosé,García,+14155550170,1990-01-02\nBad,,12,1990-01-02\n",
        encoding="utf-8",
    )
    page.goto("/customer/dashboard/")
    page.get_by_role("link", name="Import CSV").click()
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Preview import").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("1 customer will be created")
    expect(page.get_by_test_id("import-problems")).to_contain_text("Enter a valid phone number")
    expect(page.get_by_test_id("import-rows")).to_contain_text("García")
    page.get_by_role("button", name="Skip invalid rows and import 1").click()
    expect(page.get_by_role("alert")).to_contain_text("Imported 1 customers; 1 rows skipped.")
    expect(rows(page)).to_have_count(1)
