"""Screenshots of the main screens at desktop and phone widths, for people to look at.

They go to test-results/screenshots/; `make screenshots` writes them to docs/screenshots/.
"""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from customers.tests.factories import CustomerFactory
from tests.browser.helpers import PASSWORD, fill_customer, log_in, years_ago
from users.tests.factories import UserFactory

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = {"desktop": 1280, "phone": 390}
PEOPLE = [
    ("Amelia", "Earhart", date(1987, 7, 24)),
    ("José", "Núñez", date(1990, 5, 17)),
    ("Zoë", "Müller", date(2001, 2, 3)),
    ("Li", "Lei", date(1979, 11, 30)),
    ("Siobhán", "O'Brien", date(1965, 3, 17)),
    ("Anne-Marie", "Dubois", date(1995, 8, 9)),
    ("Kwame", "Mensah", date(1983, 1, 12)),
    ("Priya", "Sharma", date(1998, 6, 21)),
    ("Mateus", "Silva", date(1972, 10, 5)),
    ("Hana", "Kobayashi", date(2004, 4, 1)),
    ("Olu", "Adeyemi", date(1969, 12, 24)),
    ("Freya", "Larsen", date(1991, 9, 14)),
]


@pytest.fixture
def shots_dir() -> Path:
    path = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "test-results" / "screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("size", WIDTHS)
def test_screenshots(app: Page, shots_dir: Path, size: str):
    page = app
    page.set_viewport_size({"width": WIDTHS[size], "height": 900 if size == "desktop" else 844})
    owner = UserFactory(email="maria@example.com", first_name="Maria", last_name="Santos")
    owner.set_password(PASSWORD)
    owner.save()
    for n, (first, last, born) in enumerate(PEOPLE):
        CustomerFactory(
            owner=owner,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            phone_number=f"+1415555{2000 + n * 37:04d}",
        )

    page.goto("/")
    page.screenshot(path=str(shots_dir / f"login-{size}.png"), full_page=True)

    log_in(page, email=owner.email)
    expect(page.get_by_test_id("customer-row")).to_have_count(10)
    page.screenshot(path=str(shots_dir / f"dashboard-{size}.png"), full_page=True)
    # Nothing is cut off or scrolls sideways, even on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[size]
    if size == "phone":  # the collapsed navbar opens and offers the logout button
        logout = page.get_by_role("button", name="Log out")
        expect(logout).to_be_hidden()
        page.get_by_role("button", name="Toggle navigation").click()
        expect(logout).to_be_visible()

    page.goto("/customer/create/")
    fill_customer(page, first_name="Tim", last_name="Young", phone="555-01", born=years_ago(12))
    page.get_by_role("button", name="Save customer").click()
    expect(page.get_by_label("Phone number")).to_have_attribute("aria-invalid", "true")
    page.screenshot(path=str(shots_dir / f"form-errors-{size}.png"), full_page=True)
