"""Two tabs edit one customer: the later save shows the conflict instead of overwriting, and the
history page tells the story."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import fill_customer, register
from tests.browser.test_accessibility import axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.slow
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
    expect(page.get_by_role("textbox", name="First name")).to_have_value("Augusta")

    page.get_by_label("Yours: Augusta").check()  # both changed the first name: keep mine, knowingly
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Customer Augusta Byron updated.")

    page.get_by_role("link", name="History of Augusta Byron").click()
    entries = page.get_by_test_id("history-entry")
    expect(entries).to_have_count(3)
    expect(entries.first).to_contain_text("Grace → Augusta")
    expect(entries.nth(1)).to_contain_text("Ada → Grace")
    expect(entries.nth(2)).to_contain_text("Created")


@pytest.mark.slow
def test_two_tabs_changing_different_fields_keep_both_and_a_shared_field_is_chosen(
    app: Page, axe_source: str
):
    """Tab one changes the first and last name; meanwhile tab two changes the phone and the last
    name. Saving tab one shows the conflict; saving again keeps tab two's phone (tab one never
    touched it) and the last name the user picks, never tab one's stale copy of the rest."""
    page = app
    register(page, email="merge@example.com", first_name="Tab")
    page.get_by_role("link", name="Add customer").first.click()
    fill_customer(page, first_name="Ada", last_name="Byron", phone="+14155550100", born="1990-05-17")
    page.get_by_role("button", name="Save customer").click()

    page.get_by_role("link", name="Edit Ada Byron").click()
    other_tab = page.context.new_page()
    other_tab.goto(page.url)
    other_tab.get_by_label("Phone number").fill("+14155550199")
    other_tab.get_by_label("Last name").fill("King")
    other_tab.get_by_role("button", name="Save changes").click()
    expect(other_tab.get_by_role("alert")).to_contain_text("Customer Ada King updated.")
    other_tab.close()

    page.get_by_label("First name").fill("Augusta")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_role("button", name="Save changes").click()
    conflict = page.get_by_test_id("edit-conflict")
    expect(conflict).to_contain_text("Someone else changed this customer")
    last_name_row = conflict.get_by_role("row", name=re.compile("Last name"))
    expect(last_name_row).to_contain_text("Lovelace")
    expect(last_name_row).to_contain_text("King")
    expect(page.get_by_role("textbox", name="First name")).to_have_value("Augusta")  # mine, kept
    expect(page.get_by_label("Phone number")).to_have_value("+1 415-555-0199")  # theirs, taken in
    for width in (1280, 375):  # the conflict page, choice included, is axe-clean on desktop and phone
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page, axe_source) == []
    page.get_by_label("Theirs (saved): King").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("alert")).to_contain_text("Customer Augusta King updated.")

    row = page.get_by_role("row", name=re.compile("Augusta King"))
    expect(row).to_contain_text("+1 415-555-0199")
