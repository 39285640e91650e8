"""No SSRF at delivery time either: an endpoint whose address has become private since it was
registered (DNS rebinding) is refused at the delivery, and nothing is sent to it."""

import pytest

from integrations import outbound, webhooks
from integrations.models import WebhookDelivery, WebhookEvent
from integrations.tests.receiver import receiver
from users.tests.factories import UserFactory


@pytest.fixture
def delivery(db, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    owner = UserFactory()

    def make(url: str) -> WebhookDelivery:
        endpoint = webhooks.create_endpoint(owner_id=owner.pk, url=url, events=["customer.created"])
        event = WebhookEvent.objects.create(
            public_id="evt_test", owner=owner, type="customer.created", payload={}
        )
        return WebhookDelivery.objects.create(endpoint=endpoint, event=event)

    return make


def test_a_delivery_to_an_address_that_turned_private_is_refused_and_not_sent(delivery, settings):
    with receiver() as box:
        row = delivery(f"https://localhost:{box.port}/hooks")
        settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False  # the name now resolves to loopback
        with pytest.raises(webhooks.DeliveryFailed):
            webhooks.attempt_delivery(row.pk)
        row.refresh_from_db()
        assert row.state == "retrying" and row.response_code is None
        assert row.error.startswith("Refused:") and "private" in row.error
        assert box.requests == []


def test_a_delivery_connects_to_the_checked_address_and_sends_the_host_name(delivery):
    with receiver() as box:
        row = delivery(f"http://localhost:{box.port}/hooks?source=cma")
        webhooks.attempt_delivery(row.pk)
        [request] = box.wait_for(1)
        assert request.headers["Host"] == f"localhost:{box.port}"
        row.refresh_from_db()
        assert (row.state, row.response_code, row.attempts) == ("succeeded", 200, 1)


def test_redirects_are_not_followed(delivery):
    with receiver() as box:
        box.plan = [302]
        row = delivery(box.url)
        with pytest.raises(webhooks.DeliveryFailed):
            webhooks.attempt_delivery(row.pk)
        row.refresh_from_db()
        assert row.response_code == 302 and len(box.requests) == 1


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
        "0.0.0.0",  # noqa: S104 (an address refused, not bound)
        "100.64.0.1",
    ],
)
def test_non_public_addresses(address):
    assert not outbound._public(address)


def test_public_addresses():
    assert outbound._public("93.184.216.34") and outbound._public("2606:2800:220:1:248:1893:25c8:1946")
