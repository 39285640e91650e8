"""History, ETag/If-Match and their query cost, through the API."""

import pytest

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.api.helpers import LIST, errors_by_field, payload


def history(client, customer_id, query=""):
    return client.get(f"{LIST}{customer_id}/history/{query}")


# --- history ---------------------------------------------------------------------------------


def test_history_shows_each_change_newest_first_with_who_and_the_old_and_new_values(as_alice, alice):
    created = as_alice.post(LIST, payload(), format="json").json()["data"]
    url = f"{LIST}{created['id']}/"
    as_alice.patch(url, {"last_name": "King", "phone_number": "+14155550101"}, format="json")
    as_alice.delete(url)

    response = history(as_alice, created["id"])
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["count"] == 3
    deleted, updated, first = data["results"]
    assert [deleted["action"], updated["action"], first["action"]] == ["deleted", "updated", "created"]
    assert {entry["by"] for entry in data["results"]} == {alice.pk}
    assert set(deleted) == {"id", "action", "at", "by", "changes"}
    assert sorted(updated["changes"], key=lambda c: c["field"]) == [
        {"field": "last_name", "old": "Lovelace", "new": "King"},
        {"field": "phone_number", "old": "+14155550100", "new": "+14155550101"},
    ]
    assert {"field": "date_of_birth", "old": None, "new": created["date_of_birth"]} in first["changes"]
    assert deleted["changes"] == []


def test_history_is_paginated_with_limit_and_offset(as_alice, alice):
    customer = CustomerFactory(owner=alice, first_name="Ada")
    for name in ("Bea", "Cy", "Di"):
        as_alice.patch(f"{LIST}{customer.pk}/", {"first_name": name}, format="json")
    data = history(as_alice, customer.pk, "?limit=2&offset=1").json()["data"]
    assert data["count"] == 4
    assert [entry["changes"] for entry in data["results"]] == [
        [{"field": "first_name", "old": "Bea", "new": "Cy"}],
        [{"field": "first_name", "old": "Ada", "new": "Bea"}],
    ]
    assert data["next"] and data["previous"]
    assert history(as_alice, customer.pk, "?limit=0").status_code == 400


def test_history_of_a_deleted_customer_stays_readable_by_its_owner_only(as_alice, as_bob, alice):
    customer = CustomerFactory(owner=alice)
    as_alice.delete(f"{LIST}{customer.pk}/")
    assert history(as_alice, customer.pk).status_code == 200
    response = history(as_bob, customer.pk)
    assert response.status_code == 404
    assert response.json()["status"] == "Failure"
    assert history(as_alice, customer.pk + 1000).status_code == 404


def test_history_needs_a_token(api_client, alice):
    customer = CustomerFactory(owner=alice)
    assert history(api_client, customer.pk).status_code == 401


# --- ETag / If-Match --------------------------------------------------------------------------


def test_get_and_writes_carry_the_version_as_a_strong_etag(as_alice, alice):
    customer = CustomerFactory(owner=alice)
    url = f"{LIST}{customer.pk}/"
    assert as_alice.get(url)["ETag"] == '"1"'
    response = as_alice.patch(url, {"first_name": "Bea"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    response = as_alice.put(url, payload(), format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 200
    assert response["ETag"] == '"3"'
    assert as_alice.get(url)["ETag"] == '"3"'


@pytest.mark.parametrize(
    ("method", "path"),
    [("patch", "{id}/"), ("put", "{id}/"), ("put", "{id}/update/"), ("patch", "{id}/update/")],
)
def test_a_stale_if_match_is_412_and_changes_nothing(as_alice, alice, method, path):
    customer = CustomerFactory(owner=alice, first_name="Ada")
    url = LIST + path.format(id=customer.pk)
    as_alice.patch(f"{LIST}{customer.pk}/", {"first_name": "Bea"}, format="json")  # someone else: v2
    response = getattr(as_alice, method)(url, payload(first_name="Cy"), format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    body = response.json()
    assert body["status"] == "Failure"
    assert body["errors"][0]["code"] == "version_mismatch"
    customer.refresh_from_db()
    assert (customer.first_name, customer.version) == ("Bea", 2)


@pytest.mark.parametrize("path", ["{id}/", "{id}/delete/"])
def test_delete_honours_if_match(as_alice, alice, path):
    customer = CustomerFactory(owner=alice)
    url = LIST + path.format(id=customer.pk)
    assert as_alice.delete(url, HTTP_IF_MATCH='"7"').status_code == 412
    assert Customer.objects.get(pk=customer.pk).deleted_at is None
    assert as_alice.delete(url, HTTP_IF_MATCH='"1"').status_code == 200
    assert as_alice.delete(url, HTTP_IF_MATCH='"2"').status_code == 404  # gone, not merely changed


@pytest.mark.parametrize(
    ("value", "status"),
    [('"1"', 200), ("*", 200), ('W/"1"', 412), ('"abc"', 412), ("1", 400), ('"1", "2"', 400)],
)
def test_if_match_forms(as_alice, alice, value, status):
    customer = CustomerFactory(owner=alice)
    response = as_alice.patch(
        f"{LIST}{customer.pk}/", {"first_name": "Bea"}, format="json", HTTP_IF_MATCH=value
    )
    assert response.status_code == status
    if status == 400:
        assert ("If-Match", "invalid") in errors_by_field(response)


@pytest.mark.parametrize("value", ['"1"', '"9"', 'W/"1"', '""'])
def test_if_match_never_hides_a_404_or_a_400(as_alice, alice, value):
    customer = CustomerFactory(owner=alice)
    missing = f"{LIST}{customer.pk + 1000}/"
    assert (
        as_alice.patch(missing, {"first_name": "Bea"}, format="json", HTTP_IF_MATCH=value).status_code == 404
    )
    assert as_alice.delete(missing, HTTP_IF_MATCH=value).status_code == 404
    bad_body = as_alice.generic(
        "PATCH", f"{LIST}{customer.pk}/", "\x00", content_type="application/json", HTTP_IF_MATCH=value
    )
    assert bad_body.status_code == 400
    unknown_field = as_alice.patch(f"{LIST}{customer.pk}/", {"owner": 2}, format="json", HTTP_IF_MATCH=value)
    assert unknown_field.status_code == 400


def test_without_if_match_writes_behave_as_before(as_alice, alice):
    customer = CustomerFactory(owner=alice)
    as_alice.patch(f"{LIST}{customer.pk}/", {"first_name": "Bea"}, format="json")
    response = as_alice.patch(f"{LIST}{customer.pk}/", {"first_name": "Cy"}, format="json")
    assert response.status_code == 200
    assert response["ETag"] == '"3"'


# --- what history costs (pinned) ------------------------------------------------------------
# Each write adds one INSERT into customers_history; update reads the full row once (it did
# already, to answer); soft delete now also reads the row and runs in a transaction.


def test_create_costs_six_queries_one_of_them_history(as_alice, django_assert_num_queries):
    # user, savepoint, insert, history insert, release (the unique index decides duplicates),
    # then the possible-duplicate read for the warning
    with django_assert_num_queries(6):
        assert as_alice.post(LIST, payload(), format="json").status_code == 201


def test_update_costs_six_queries_one_of_them_history(as_alice, alice, django_assert_num_queries):
    customer = CustomerFactory(owner=alice)
    # user, savepoint, locking read, update (changed columns only), history insert, release:
    # the lock's read replaced the unlocked read before, and the written row is not re-read
    with django_assert_num_queries(6):
        response = as_alice.patch(
            f"{LIST}{customer.pk}/", {"first_name": "Bea"}, format="json", HTTP_IF_MATCH='"1"'
        )
    assert response.status_code == 200


def test_delete_costs_six_queries(as_alice, alice, django_assert_num_queries):
    customer = CustomerFactory(owner=alice)
    # user, savepoint, update, re-read, history insert, release
    with django_assert_num_queries(6):
        assert as_alice.delete(f"{LIST}{customer.pk}/").status_code == 200


def test_history_costs_three_queries(as_alice, alice, django_assert_num_queries):
    customer = CustomerFactory(owner=alice)
    # user, count, page
    with django_assert_num_queries(3):
        assert history(as_alice, customer.pk).status_code == 200
