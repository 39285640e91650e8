"""The pages, Swagger UI and ReDoc all work under the Content-Security-Policy: the browser
blocks nothing of ours (no inline script anywhere). The one thing it does block is ReDoc's
hard-coded footer logo on another host, which is the policy doing its job."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from customers.tests.factories import CustomerFactory
from tests.browser.helpers import PASSWORD, log_in
from users.tests.factories import UserFactory

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push({directive: e.violatedDirective, blocked: e.blockedURI || 'inline', page: document.URL});
});
"""


def violations(page: Page) -> list[dict]:
    return page.evaluate("() => window.__csp")


def is_offsite(violation: dict) -> bool:
    return urlsplit(violation["blocked"]).hostname not in (None, "127.0.0.1", "localhost")


@pytest.mark.slow
def test_pages_and_api_docs_run_under_the_policy_without_violations(app: Page, transactional_db):
    page = app
    page.add_init_script(RECORD_VIOLATIONS)
    found: list[dict] = []

    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    found += violations(page)

    user = UserFactory(email="csp@example.com")
    user.set_password(PASSWORD)
    user.save()
    CustomerFactory(owner=user, first_name="Ada")
    log_in(page, email="csp@example.com")
    expect(page.get_by_text("Ada").first).to_be_visible()
    found += violations(page)
    page.get_by_role("link", name="Add customer").first.click()
    found += violations(page)

    page.goto("/swagger/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Customer Management API")
    expect(page.locator(".opblock").first).to_be_visible()
    found += violations(page)

    page.goto("/redoc/")
    # ReDoc renders only once it has laid out the whole schema: seconds, more on a busy machine.
    heading = page.get_by_role("heading", name="Customer Management API").first
    expect(heading).to_be_visible(timeout=60_000)
    found += violations(page)

    ours = [v for v in found if not is_offsite(v)]
    assert not ours, ours
    assert all(v["directive"].startswith("img-src") for v in found if is_offsite(v)), found
