"""Steps a person takes in the browser, shared by the browser tests."""

from datetime import date

from playwright.sync_api import Page, expect

PASSWORD = "a-long-unusual-passphrase-42"


def register(page: Page, *, email: str, first_name: str, last_name: str = "") -> None:
    """Sign up, then log in: the registration answer is the same for a new and a taken
    address ("check your email"), so it never logs anyone in by itself."""
    page.goto("/user/register/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.locator("#id_password").fill(PASSWORD)  # "Confirm password" also matches the label
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url("/")
    expect(page.get_by_text("Check your email")).to_be_visible()
    log_in(page, email=email)


def log_in(page: Page, *, email: str, password: str = PASSWORD) -> None:
    page.goto("/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/customer/dashboard/")


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url("/")


def fill_customer(page: Page, *, first_name: str, last_name: str = "", phone: str, born: date | str) -> None:
    page.get_by_label("First name").fill(first_name)
    page.get_by_label("Last name").fill(last_name)
    page.get_by_label("Phone number").fill(phone)
    page.get_by_label("Date of birth").fill(born if isinstance(born, str) else born.isoformat())


def years_ago(years: int) -> date:
    today = date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))
