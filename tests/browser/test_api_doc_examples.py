"""Swagger UI and ReDoc show the schema's examples: a request body, a success envelope and a
failure envelope of an operation, as a client developer reads them."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_swagger_ui_shows_the_request_success_and_failure_examples(app: Page, transactional_db):
    page = app
    page.goto("/swagger/")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15_000)
    operation = page.locator("#operations-customers-customers_create")
    operation.locator(".opblock-summary").click()
    body = operation.locator(
        ".body-param__example, .opblock-section-request-body .example, .highlight-code"
    ).first
    expect(body).to_contain_text("+14155550123")
    responses = operation.locator(".responses-table")
    expect(responses.locator("tr[data-code='201']")).to_contain_text('"status": "Success"')
    expect(responses.locator("tr[data-code='409']")).to_contain_text('"code": "duplicate"')


@pytest.mark.slow
def test_redoc_shows_the_response_samples(app: Page, transactional_db):
    page = app
    page.goto("/redoc/#operation/customers_create")
    # ReDoc converts and lays out the whole schema (about 400 kB) before it shows anything: 6 s
    # in headless Chromium on an idle two-core machine, well past 15 s on a busy one.
    expect(page.get_by_text("Response samples").first).to_be_visible(timeout=60_000)
    expect(page.locator("[role=tabpanel]").filter(has_text="José").first).to_be_visible()
    # the first operation with a 409 is the create: its failure sample names the code
    page.get_by_role("tab", name="409").first.click()
    expect(page.locator("[role=tabpanel]").filter(has_text="duplicate").first).to_be_visible()
