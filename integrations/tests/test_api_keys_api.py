"""Making, listing and revoking API keys through the API, as a signed-in person."""

from datetime import timedelta

from django.utils import timezone

from integrations.api_keys import key_hash
from integrations.models import ApiKey
from integrations.tests.conftest import CUSTOMERS, KEYS, key_client, make_key


def test_a_new_key_is_shown_once_and_stored_only_as_a_hash(as_alice, alice):
    created = make_key(as_alice, scope="read")
    assert set(created) >= {"id", "name", "scope", "prefix", "key"}
    assert created["scope"] == "read" and created["key"].startswith(created["prefix"] + ".")
    stored = ApiKey.objects.get(pk=created["id"])
    assert stored.owner == alice
    assert created["key"] not in str(ApiKey.objects.filter(pk=stored.pk).values().get())
    assert stored.key_hash == key_hash(created["key"])

    listed = as_alice.get(KEYS).json()["data"]
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0] and listed[0]["prefix"] == created["prefix"]


def test_the_key_authenticates_as_its_owner(as_alice, alice_key):
    as_alice.post(CUSTOMERS, _customer(), format="json")
    response = key_client(alice_key).get(CUSTOMERS)
    assert response.status_code == 200
    assert [c["first_name"] for c in response.json()["data"]["results"]] == ["Ada"]


def test_revoking_takes_effect_at_once(as_alice):
    created = make_key(as_alice)
    client = key_client(created["key"])
    assert client.get(CUSTOMERS).status_code == 200
    assert as_alice.delete(f"{KEYS}{created['id']}/").status_code == 200
    refused = client.get(CUSTOMERS)
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["code"] == "authentication_failed"
    assert "revoked" in refused.json()["message"]
    assert as_alice.get(KEYS).json()["data"] == []
    assert as_alice.delete(f"{KEYS}{created['id']}/").status_code == 404


def test_another_users_key_is_a_404_and_stays_working(as_alice, as_bob):
    created = make_key(as_alice)
    response = as_bob.delete(f"{KEYS}{created['id']}/")
    assert response.status_code == 404 and response.json()["errors"][0]["code"] == "not_found"
    assert as_bob.get(KEYS).json()["data"] == []
    assert key_client(created["key"]).get(CUSTOMERS).status_code == 200


def test_an_expired_key_is_refused(as_alice):
    created = make_key(as_alice, expires_at=(timezone.now() + timedelta(hours=1)).isoformat())
    ApiKey.objects.filter(pk=created["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = key_client(created["key"]).get(CUSTOMERS)
    assert response.status_code == 401 and "expired" in response.json()["message"]


def test_bad_input_gets_field_errors(as_alice):
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    cases = [
        ({"name": "x", "scope": "admin"}, ("scope", "invalid_choice")),
        ({"scope": "read"}, ("name", "required")),
        ({"name": "   ", "scope": "read"}, ("name", "blank")),
        ({"name": "x", "scope": "read", "expires_at": past}, ("expires_at", "not_in_future")),
        ({"name": "x", "scope": "read", "expires_at": "tomorrow"}, ("expires_at", "invalid")),
        ({"name": "x", "scope": "read", "prefix": "cmk_aaaaaaaa"}, ("prefix", "unknown_field")),
        ({"name": "x" * 101, "scope": "read"}, ("name", "max_length")),
    ]
    for body, expected in cases:
        response = as_alice.post(KEYS, body, format="json")
        assert response.status_code == 400, body
        assert expected in {(e["field"], e["code"]) for e in response.json()["errors"]}, (
            body,
            response.json(),
        )
    assert ApiKey.objects.count() == 0


def test_wrong_and_malformed_keys_are_a_401_with_the_envelope(api_client, alice_key):
    prefix = alice_key.partition(".")[0]
    for header in (
        f"Api-Key {prefix}.wrong-secret",
        "Api-Key cmk_zzzzzzzz.unknown",
        "Api-Key not-a-key",
        "Api-Key",
        "Api-Key a b",
    ):
        response = api_client.get(CUSTOMERS, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header
        assert response.json()["status"] == "Failure" and response["WWW-Authenticate"].startswith("Bearer")


def _customer(**overrides):
    from customers.tests.interface.api.helpers import payload

    return payload(**overrides)
