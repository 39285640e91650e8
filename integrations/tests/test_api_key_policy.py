"""What a key may do: a read key only reads; no key manages keys or the account; keys have
their own rate and their last use is recorded without a write per request."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from customers.models import Customer
from customers.tests.interface.api.helpers import payload
from integrations.models import ApiKey
from integrations.tests.conftest import CUSTOMERS, KEYS, key_client, make_key


def test_a_read_key_reads_but_every_write_is_403_insufficient_scope(as_alice):
    customer_id = as_alice.post(CUSTOMERS, payload(), format="json").json()["data"]["id"]
    reader = key_client(make_key(as_alice, scope="read")["key"])
    assert reader.get(f"{CUSTOMERS}{customer_id}/").status_code == 200
    assert reader.get(f"{CUSTOMERS}{customer_id}/history/").status_code == 200
    writes = [
        reader.post(CUSTOMERS, payload(phone_number="+14155550111"), format="json"),
        reader.patch(f"{CUSTOMERS}{customer_id}/", {"last_name": "X"}, format="json"),
        reader.delete(f"{CUSTOMERS}{customer_id}/"),
    ]
    for response in writes:
        assert response.status_code == 403
        body = response.json()
        assert body["status"] == "Failure" and body["errors"][0]["code"] == "insufficient_scope"
    assert Customer.objects.get(pk=customer_id).last_name == "Lovelace"
    assert Customer.objects.filter(deleted_at__isnull=True).count() == 1


def test_a_read_write_key_writes_as_its_owner(as_alice, alice, alice_key):
    response = key_client(alice_key).post(CUSTOMERS, payload(), format="json")
    assert response.status_code == 201
    assert Customer.objects.get(pk=response.json()["data"]["id"]).owner == alice


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", KEYS, None),
        ("post", KEYS, {"name": "more", "scope": "read_write"}),
        ("get", "/api/v1/user/me/", None),
        ("post", "/api/v1/user/password/change/", {"old_password": "x", "new_password": "y"}),
        ("post", "/api/v1/user/email/change/", {"password": "x", "new_email": "m@example.com"}),
        ("post", "/api/v1/user/delete/", {"password": "x"}),
        ("post", "/api/v1/user/logout/", {"refresh": "x"}),
    ],
)
def test_a_key_cannot_manage_keys_or_the_account(as_alice, alice_key, method, path, body):
    response = getattr(key_client(alice_key), method)(path, body, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"
    assert "signed in" in response.json()["message"]
    assert ApiKey.objects.count() == 1


def test_a_key_cannot_revoke_keys(as_alice, alice_key):
    other = make_key(as_alice)
    response = key_client(alice_key).delete(f"{KEYS}{other['id']}/")
    assert response.status_code == 403
    assert ApiKey.objects.filter(revoked_at__isnull=True).count() == 2


def test_keys_have_their_own_rate(as_alice, alice_key, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_key": "3/min"},
    }
    client = key_client(alice_key)
    answers = [client.get(CUSTOMERS) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0]["X-RateLimit-Limit"] == "3"
    assert answers[-1].json()["errors"][0]["code"] == "throttled"
    # The person's own token is not held back by the program's key.
    assert as_alice.get(CUSTOMERS).status_code == 200
    # Another key of the same owner has a budget of its own.
    assert key_client(make_key(as_alice)["key"]).get(CUSTOMERS).status_code == 200


def test_last_use_is_recorded_at_most_once_a_minute(as_alice, alice_key, django_assert_num_queries):
    client = key_client(alice_key)
    assert ApiKey.objects.get().last_used_at is None
    client.get(CUSTOMERS)
    first = ApiKey.objects.get().last_used_at
    assert first is not None and timezone.now() - first < timedelta(seconds=5)
    client.get(CUSTOMERS)
    assert ApiKey.objects.get().last_used_at == first  # no second write within the minute
    ApiKey.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    client.get(CUSTOMERS)
    assert timezone.now() - ApiKey.objects.get().last_used_at < timedelta(seconds=5)


def test_a_key_request_costs_what_a_token_request_costs(as_alice, alice_key, django_assert_num_queries):
    """One SELECT reads the key with its owner, as the token's one SELECT reads the user."""
    client = key_client(alice_key)
    client.get(CUSTOMERS)  # records the first use
    with django_assert_num_queries(2) as by_key:
        assert client.get(CUSTOMERS).status_code == 200
    with django_assert_num_queries(2):
        assert as_alice.get(CUSTOMERS).status_code == 200
    keys, users = connection.ops.quote_name("api_keys"), connection.ops.quote_name("users")
    key_queries = [q["sql"] for q in by_key.captured_queries if keys in q["sql"]]
    assert len(key_queries) == 1 and users in key_queries[0] and "UPDATE" not in key_queries[0]


def test_a_key_of_a_deactivated_owner_is_refused(as_alice, alice, alice_key):
    alice.is_active = False
    alice.save()
    response = key_client(alice_key).get(CUSTOMERS)
    assert response.status_code == 401 and response.json()["errors"][0]["code"] == "user_inactive"


def test_another_owners_customer_is_a_404_with_a_key(as_alice, as_bob):
    bobs = as_bob.post(CUSTOMERS, payload(), format="json").json()["data"]["id"]
    response = key_client(make_key(as_alice)["key"]).get(f"{CUSTOMERS}{bobs}/")
    assert response.status_code == 404
