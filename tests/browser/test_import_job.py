"""The background import page in a real browser: the progress bar and the state follow the job
without a reload, cancel works from the page, and the page passes axe."""

import pytest
from playwright.sync_api import Page, expect

from customers.models import Customer
from tests.browser.helpers import register
from tests.browser.test_accessibility import axe_violations
from tests.support.worker import run_queued_tasks
from users.models import User

pytestmark = pytest.mark.browser

CSV = (
    "first_name,last_name,phone_number,date_of_birth\n"
    "Ada,Byron,+14155550181,1990-01-02\nGrace,Hopper,+14155550182,1990-01-02\nAlan,Turing,+14155550183,1990-01-02\n"
)


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "jobs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "jobs")},
        },
    }


def start_background_import(page: Page, tmp_path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(CSV, encoding="utf-8")
    page.goto("/customer/import/")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Import in the background").click()
    expect(page.get_by_role("heading", name="Importing customers.csv")).to_be_visible()


def test_the_progress_bar_follows_the_job_without_a_reload(app: Page, tmp_path, axe_source):
    page = app
    register(page, email="jobs@example.com", first_name="Jo")
    start_background_import(page, tmp_path)
    expect(page.get_by_test_id("job-state")).to_have_text("Queued")
    assert axe_violations(page, axe_source) == []
    page.evaluate("() => { window.stillTheSamePage = true; }")

    run_queued_tasks()  # the worker's loop, on the live server's database

    expect(page.get_by_test_id("job-state")).to_have_text("Succeeded")
    expect(page.get_by_test_id("job-figures")).to_contain_text("3 of 3 rows")
    expect(page.get_by_test_id("job-message")).to_have_text("Imported 3 customers.")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("value", "3")
    expect(page.get_by_role("link", name="Back to customers")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel import")).to_be_hidden()
    assert page.evaluate("() => window.stillTheSamePage") is True
    assert Customer.objects.filter(owner=User.objects.get(email="jobs@example.com")).count() == 3


def test_cancel_on_the_page_stops_the_import(app: Page, tmp_path):
    page = app
    register(page, email="cancel@example.com", first_name="Ca")
    start_background_import(page, tmp_path)
    page.get_by_role("button", name="Cancel import").click()
    expect(page.get_by_test_id("job-state")).to_have_text("Cancelled")
    expect(page.get_by_test_id("job-message")).to_have_text("Cancelled before it started.")
    run_queued_tasks()
    assert Customer.objects.filter(owner=User.objects.get(email="cancel@example.com")).count() == 0
