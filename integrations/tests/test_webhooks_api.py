"""Webhook endpoints through the API: registration and its URL checks (no SSRF), changes,
rotation with an overlap, another owner's endpoint is a 404, and events recorded after the
change commits with Stripe's shape."""

import pytest

from customers.tests.interface.api.helpers import payload
from integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from integrations.tests.conftest import CUSTOMERS, key_client, make_key

HOOKS = "/api/v1/webhooks/"
EVENTS = ["customer.created", "customer.updated", "customer.deleted", "customer.restored", "customer.erased"]


@pytest.fixture
def private_ok(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True


def register(client, url="http://127.0.0.1:9/hooks", events=EVENTS):
    response = client.post(HOOKS, {"url": url, "events": events}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["data"]


def test_register_answers_the_secret_once(as_alice, private_ok):
    created = register(as_alice, events=["customer.updated", "customer.created"])
    assert created["secret"].startswith("whsec_") and created["events"] == [
        "customer.created",
        "customer.updated",
    ]
    listed = as_alice.get(HOOKS).json()["data"]
    assert [e["id"] for e in listed] == [created["id"]] and "secret" not in listed[0]
    assert "secret" not in as_alice.get(f"{HOOKS}{created['id']}/").json()["data"]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/hooks",  # not https
        "https://127.0.0.1/hooks",  # loopback
        "https://localhost/hooks",
        "https://10.1.2.3/hooks",  # private
        "https://192.168.0.10/hooks",
        "https://169.254.169.254/latest/meta-data/",  # link-local (cloud metadata)
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",  # IPv4-mapped loopback
        "https://0.0.0.0/hooks",
        "https://user:pw@example.com/hooks",
        "https:///nohost",
        "https://no-such-host.invalid/hooks",
        "ftp://example.com/",
    ],
)
def test_unsafe_urls_are_refused_at_registration(as_alice, url):
    response = as_alice.post(HOOKS, {"url": url, "events": ["customer.created"]}, format="json")
    assert response.status_code == 400, url
    assert response.json()["errors"][0]["field"] == "url"
    assert response.json()["errors"][0]["code"] in ("unsafe_url", "invalid")  # our rule, or not text
    assert not WebhookEndpoint.objects.exists()


def test_bad_events_are_field_errors(as_alice, private_ok):
    for events, code in ([], "min_length"), (["customer.exploded"], "invalid_choice"), ("x", "invalid"):
        response = as_alice.post(HOOKS, {"url": "http://127.0.0.1:9/", "events": events}, format="json")
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["field"].startswith("events") and error["code"] == code, response.json()


def test_change_turn_off_and_delete(as_alice, private_ok):
    endpoint = register(as_alice)
    path = f"{HOOKS}{endpoint['id']}/"
    changed = as_alice.patch(path, {"events": ["customer.deleted"], "enabled": False}, format="json")
    assert changed.status_code == 200
    assert (
        changed.json()["data"]["events"] == ["customer.deleted"]
        and changed.json()["data"]["enabled"] is False
    )
    refused = as_alice.patch(path, {"url": "https://no-such-host.invalid/"}, format="json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "url"
    assert as_alice.delete(path).status_code == 200
    assert as_alice.get(path).status_code == 404


def test_another_owners_endpoint_is_a_404(as_alice, as_bob, private_ok):
    endpoint = register(as_alice)
    for response in (
        as_bob.get(f"{HOOKS}{endpoint['id']}/"),
        as_bob.patch(f"{HOOKS}{endpoint['id']}/", {"enabled": False}, format="json"),
        as_bob.delete(f"{HOOKS}{endpoint['id']}/"),
        as_bob.post(f"{HOOKS}{endpoint['id']}/rotate-secret/", {}, format="json"),
        as_bob.get(f"{HOOKS}{endpoint['id']}/deliveries/"),
    ):
        assert response.status_code == 404
    assert WebhookEndpoint.objects.get().enabled is True


def test_rotation_keeps_the_old_secret_signing_for_the_overlap(as_alice, private_ok):
    endpoint = register(as_alice)
    rotated = as_alice.post(f"{HOOKS}{endpoint['id']}/rotate-secret/", {"overlap_hours": 2}, format="json")
    assert rotated.status_code == 200
    data = rotated.json()["data"]
    assert data["secret"] != endpoint["secret"] and data["previous_secret_expires_at"]
    stored = WebhookEndpoint.objects.get()
    assert stored.signing_secrets() == [data["secret"], endpoint["secret"]]


def test_a_read_key_lists_endpoints_but_cannot_register(as_alice, private_ok):
    register(as_alice)
    reader = key_client(make_key(as_alice, scope="read")["key"])
    assert len(reader.get(HOOKS).json()["data"]) == 1
    response = reader.post(HOOKS, {"url": "http://127.0.0.1:9/", "events": EVENTS}, format="json")
    assert response.status_code == 403 and response.json()["errors"][0]["code"] == "insufficient_scope"


def test_events_are_recorded_after_commit_in_stripes_shape(
    as_alice, private_ok, django_capture_on_commit_callbacks
):
    endpoint = register(as_alice, events=["customer.created", "customer.updated", "customer.erased"])
    with django_capture_on_commit_callbacks(execute=True):
        customer = as_alice.post(CUSTOMERS, payload(), format="json").json()["data"]
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.patch(f"{CUSTOMERS}{customer['id']}/", {"last_name": "Byron"}, format="json")
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.delete(f"{CUSTOMERS}{customer['id']}/")  # not subscribed: no event
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(f"{CUSTOMERS}{customer['id']}/erase/", format="json")
    created, updated, erased = (e.payload for e in WebhookEvent.objects.order_by("id"))
    customer.pop("warnings")
    assert created["type"] == "customer.created" and created["data"]["object"] == customer
    assert created["data"]["previous_attributes"] == {}
    assert updated["data"]["object"]["last_name"] == "Byron"
    assert updated["data"]["previous_attributes"] == {"last_name": "Lovelace"}
    assert created["sequence"] < updated["sequence"] < erased["sequence"]
    assert erased["data"]["object"] == {"id": customer["id"], "erased": True}  # no personal data
    assert set(created) == {"id", "type", "created", "sequence", "data"}
    assert WebhookDelivery.objects.filter(endpoint_id=endpoint["id"]).count() == 3


def test_a_change_that_does_not_commit_announces_nothing(
    as_alice, private_ok, django_capture_on_commit_callbacks
):
    register(as_alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        as_alice.post(CUSTOMERS, payload(), format="json")
    assert len(callbacks) >= 1 and not WebhookEvent.objects.exists()


def test_without_endpoints_a_change_records_nothing(as_alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(CUSTOMERS, payload(), format="json")
    assert not WebhookEvent.objects.exists()


def test_the_delivery_log_and_resend(as_alice, as_bob, private_ok, django_capture_on_commit_callbacks):
    endpoint = register(as_alice, events=["customer.created"])
    with django_capture_on_commit_callbacks(execute=True):
        as_alice.post(CUSTOMERS, payload(), format="json")
    log = as_alice.get(f"{HOOKS}{endpoint['id']}/deliveries/")
    assert log.status_code == 200
    [entry] = log.json()["data"]
    assert (
        entry["event_type"] == "customer.created" and entry["state"] == "pending" and entry["attempts"] == 0
    )
    assert entry["event_id"].startswith("evt_") and entry["response_code"] is None
    resend = f"{HOOKS}{endpoint['id']}/deliveries/{entry['id']}/resend/"
    assert as_bob.post(resend).status_code == 404
    again = as_alice.post(resend)
    assert again.status_code == 202 and again.json()["data"]["event_id"] == entry["event_id"]
    assert [d["id"] for d in as_alice.get(f"{HOOKS}{endpoint['id']}/deliveries/").json()["data"]] == [
        again.json()["data"]["id"],
        entry["id"],
    ]
    assert as_alice.post(f"{HOOKS}{endpoint['id']}/deliveries/999999/resend/").status_code == 404


def test_lists_cost_the_same_whatever_their_length(as_alice, private_ok, django_assert_num_queries):
    from integrations import webhooks
    from integrations.models import WebhookEvent

    endpoint = register(as_alice)
    owner_id = WebhookEndpoint.objects.get().owner_id
    for n in range(5):
        register(as_alice, url=f"http://127.0.0.1:9/hooks/{n}")
        make_key(as_alice)
        event = WebhookEvent.objects.create(
            public_id=f"evt_{n}", owner_id=owner_id, type="customer.created", payload={}
        )
        WebhookDelivery.objects.create(endpoint_id=endpoint["id"], event=event)
    assert len(webhooks.deliveries_of(owner_id, endpoint["id"])) == 5
    with django_assert_num_queries(2):  # the token's user, the endpoints
        assert len(as_alice.get(HOOKS).json()["data"]) == 6
    with django_assert_num_queries(2):  # the token's user, the keys
        assert len(as_alice.get("/api/v1/api-keys/").json()["data"]) == 5
    with django_assert_num_queries(3):  # the token's user, the endpoint, its deliveries with their events
        assert len(as_alice.get(f"{HOOKS}{endpoint['id']}/deliveries/").json()["data"]) == 5
