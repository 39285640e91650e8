"""Two tabs edit one customer: the later save shows the conflict instead of overwriting, and the
history page tells the story."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import fill_customer, register

pytestmark = pytest.mark.browser


def test_a_stale_tab_sees_the_conflict_and_the_history_shows_every_change(app: Page):
    page = app
    register(page, email="tabs@example.com", first_name="Tab")
    page.get_by_role("link", name="Add customer").first.click()
    fill_customer(page, first_name="Ada", last_name="Byron", phone="+14155550100", born="1990-05-17")
    page.get_by_role("button", name="Save customer").click()

    page.get_by_role("link", name="Edit Ada Byron").click()
    edit_url = page.url
    other_tab = page.context.new_page()
    other_tab.goto(edit_url)
    other_tab.get_by_label("First name").fill("Grace")
    other_tab.get_by_role("button", name="Save changes").click()
    expect(other_tab.get_by_role("alert")).to_contain_text("Customer Grace Byron updated.")
    other_tab.close()

    page.get_by_label("First name").fill("Augusta")
    page.get_by_role("button", name="Save changes").click()
    conflict = page.get_by_test_id("edit-conflict")
    expect(conflict).to_contain_text("Someone else changed this customer")
    expect(conflict.get_by_role("row", name=re.compile("First name"))).to_contain_text("Augusta")
    expect(conflict.get_by_role("row", name=re.compile("First name"))).to_contain_text("Grace")
    expect(page.get_by_label("First name")).to_have_value("Augusta")

    page.get_by_role("button", name="Save changes").click()  # keep mine, knowingly
    expect(page.get_by_role("alert")).to_contain_text("Customer Augusta Byron updated.")

    page.get_by_role("link", name="History of Augusta Byron").click()
    entries = page.get_by_test_id("history-entry")
    expect(entries).to_have_count(3)
    expect(entries.first).to_contain_text("Grace → Augusta")
    expect(entries.nth(1)).to_contain_text("Ada → Grace")
    expect(entries.nth(2)).to_contain_text("Created")
