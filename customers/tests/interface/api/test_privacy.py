"""Privacy through the API: erase a trashed customer now, export everything stored about one."""

from django.utils import timezone

from customers.models import Customer, CustomerErasure
from customers.tests.factories import CustomerFactory
from customers.tests.interface.api.helpers import (
    LIST,
    NEW_PHONE,
    OLD_PHONE,
    created_and_trashed,
    everything_stored_mentions,
    history_rows,
    payload,
)

# --- erase now ------------------------------------------------------------------------------


def test_erase_now_removes_every_copy_and_the_id_is_then_unknown(as_alice, alice):
    customer_id = created_and_trashed(as_alice)
    response = as_alice.post(f"{LIST}{customer_id}/erase/")
    assert response.status_code == 200
    assert response.json()["status"] == "Success" and response.json()["data"] is None
    assert not Customer.objects.filter(pk=customer_id).exists()
    assert history_rows(customer_id) == 0
    assert not everything_stored_mentions(OLD_PHONE) and not everything_stored_mentions(NEW_PHONE)
    for path in ("history/", "personal-data/", ""):
        assert as_alice.get(f"{LIST}{customer_id}/{path}").status_code == 404
    assert as_alice.post(f"{LIST}{customer_id}/erase/").status_code == 404
    assert as_alice.post(f"{LIST}{customer_id}/restore/").status_code == 404
    assert as_alice.get("/api/v1/customers/trash/").json()["data"]["count"] == 0
    audit = CustomerErasure.objects.values().get()
    assert audit["customer_id"] == customer_id and audit["erased_by_id"] == alice.pk
    assert audit["reason"] == "owner" and set(audit) == {
        "id",
        "customer_id",
        "erased_by_id",
        "erased_at",
        "reason",
    }


def test_erasing_an_active_customer_is_409_not_in_trash_and_changes_nothing(as_alice, alice):
    customer = CustomerFactory(owner=alice)
    response = as_alice.post(f"{LIST}{customer.pk}/erase/")
    assert response.status_code == 409
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(None, "not_in_trash")]
    assert as_alice.get(f"{LIST}{customer.pk}/").status_code == 200
    assert not CustomerErasure.objects.exists()


def test_someone_elses_trashed_customer_is_a_404_and_stays(as_bob, alice):
    customer = CustomerFactory(owner=alice, deleted_at=timezone.now())
    theirs = as_bob.post(f"{LIST}{customer.pk}/erase/")
    assert theirs.status_code == 404
    assert theirs.json() == as_bob.post(f"{LIST}{customer.pk + 1000}/erase/").json()
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_erase_costs_a_fixed_number_of_queries(as_alice, alice, django_assert_num_queries):
    customer_id = created_and_trashed(as_alice)
    # user; the candidate read; savepoint; the lock by primary key; the re-check under it; the
    # delete's own read, the delete and simple-history's post_delete row; the history delete;
    # the owner's kept answers; the audit insert; release
    with django_assert_num_queries(12):
        assert as_alice.post(f"{LIST}{customer_id}/erase/").status_code == 200


# --- personal-data export -------------------------------------------------------------------


def test_personal_data_has_the_record_its_history_and_kept_answers(as_alice, alice):
    created = as_alice.post(LIST, payload(phone_number=OLD_PHONE), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    customer_id = created.json()["data"]["id"]
    as_alice.patch(f"{LIST}{customer_id}/", {"phone_number": NEW_PHONE}, format="json")
    response = as_alice.get(f"{LIST}{customer_id}/personal-data/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()["data"]
    assert data["customer"]["id"] == customer_id and data["customer"]["phone_number"] == NEW_PHONE
    assert data["customer"]["deleted_at"] is None
    assert [entry["action"] for entry in data["history"]] == ["updated", "created"]
    assert {"field": "phone_number", "old": OLD_PHONE, "new": NEW_PHONE} in data["history"][0]["changes"]
    [copy] = data["stored_copies"]
    assert copy["kind"] == "idempotency_replay"
    assert copy["content"]["data"]["phone_number"] == OLD_PHONE
    assert copy["expires_at"] > copy["stored_at"]

    as_alice.delete(f"{LIST}{customer_id}/")
    trashed = as_alice.get(f"{LIST}{customer_id}/personal-data/").json()["data"]
    assert trashed["customer"]["deleted_at"] is not None
    assert [entry["action"] for entry in trashed["history"]] == ["deleted", "updated", "created"]


def test_the_privacy_endpoints_are_in_the_schema_with_their_errors(api_client, db):
    spec = api_client.get("/swagger.json").json()
    erase = spec["paths"]["/customers/{customer_id}/erase/"]["post"]
    assert {"200", "401", "404", "409", "429", "500"} <= set(erase["responses"])
    exported = spec["paths"]["/customers/{customer_id}/personal-data/"]["get"]
    assert {"200", "401", "404"} <= set(exported["responses"])
    data = spec["definitions"]["PersonalData"]["properties"]
    assert set(data) == {"customer", "history", "stored_copies", "exported_at"}
    delete = spec["paths"]["/user/delete/"]["post"]
    assert {"200", "400", "401", "429"} <= set(delete["responses"])
    [body] = [p for p in delete["parameters"] if p["in"] == "body"]
    assert spec["definitions"]["DeleteAccountInput"]["required"] == ["password"]
    assert body["schema"]["$ref"].endswith("DeleteAccountInput")
