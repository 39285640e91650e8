"""Webhooks in a real browser: add an endpoint and copy its secret, read its delivery log after
a change, resend; the pages are axe-clean at desktop and phone width, light and dark."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from customers.domain.service_factory import customer_service
from tests.browser.helpers import PASSWORD, log_in
from tests.browser.test_api_keys import _axe_everywhere
from users.tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def ada(transactional_db, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    user = UserFactory(email="ada@example.com", first_name="Ada", email_verified=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_add_an_endpoint_and_read_its_log(app: Page, axe_source: str, ada):
    page, found = app, []
    log_in(page, email="ada@example.com")
    page.goto("/account/")
    page.get_by_role("link", name="Manage webhooks").click()
    expect(page.get_by_text("No endpoints yet.")).to_be_visible()
    found += _axe_everywhere(page, axe_source)

    page.get_by_label("Endpoint URL").fill("http://127.0.0.1:9/hooks")
    page.get_by_label("customer.erased").uncheck()
    page.get_by_role("button", name="Add endpoint").click()
    secret = page.get_by_label("Signing secret").input_value()
    assert secret.startswith("whsec_")
    found += _axe_everywhere(page, axe_source)

    customer_service().create_customer(
        owner_id=ada.pk,
        actor_id=ada.pk,
        first_name="Grace",
        last_name="Hopper",
        phone_number="+14155550123",
        date_of_birth=date(1990, 5, 17),
    )
    page.get_by_role("link", name="http://127.0.0.1:9/hooks").click()
    log = page.get_by_test_id("deliveries")
    expect(log).to_contain_text("customer.created")
    found += _axe_everywhere(page, axe_source)
    page.get_by_role("button", name="Resend customer.created").click()
    expect(page.get_by_text("The event will be sent again.")).to_be_visible()
    expect(log.locator("tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Turn off").click()
    expect(page.get_by_role("button", name="Turn on")).to_be_visible()
    found += _axe_everywhere(page, axe_source)
    assert not found, "axe found critical/serious violations:\n" + "\n".join(found)
