"""One customer through the API: read, replace, change, delete."""

import pytest

from customers.tests.factories import CustomerFactory
from customers.tests.interface.api.helpers import LIST, errors_by_field, payload

# --- detail, update, delete ---------------------------------------------------------------


def test_retrieve_costs_two_queries(as_alice, alice, django_assert_num_queries):
    customer = CustomerFactory(owner=alice)
    with django_assert_num_queries(2):
        response = as_alice.get(f"{LIST}{customer.pk}/")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == customer.pk


def test_put_replaces_and_requires_every_required_field(as_alice, alice):
    customer = CustomerFactory(owner=alice, last_name="Old")
    response = as_alice.put(f"{LIST}{customer.pk}/", {"first_name": "Grace"}, format="json")
    assert response.status_code == 400
    assert {("phone_number", "required"), ("date_of_birth", "required")} <= errors_by_field(response)
    body = payload(first_name="Grace")
    del body["last_name"]
    response = as_alice.put(f"{LIST}{customer.pk}/", body, format="json")
    assert response.status_code == 200
    assert response.json()["message"] == "Customer updated successfully"
    customer.refresh_from_db()
    assert (customer.first_name, customer.last_name, customer.phone_number) == ("Grace", "", "+14155550100")


@pytest.mark.parametrize(
    ("method", "path"), [("patch", "{}/"), ("patch", "{}/update/"), ("put", "{}/update/")]
)
def test_partial_updates_keep_the_other_fields(as_alice, alice, method, path):
    customer = CustomerFactory(owner=alice, first_name="Ada", last_name="Lovelace")
    response = getattr(as_alice, method)(
        LIST + path.format(customer.pk), {"last_name": "King"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["data"]["full_name"] == "Ada King"
    customer.refresh_from_db()
    assert (customer.first_name, customer.last_name) == ("Ada", "King")


def test_update_to_another_customers_number_is_409(as_alice, alice):
    CustomerFactory(owner=alice, phone_number="+14155550100")
    other = CustomerFactory(owner=alice, phone_number="+14155550101")
    response = as_alice.patch(f"{LIST}{other.pk}/", {"phone_number": "415-555-0100"}, format="json")
    assert response.status_code == 409
    other.refresh_from_db()
    assert other.phone_number == "+14155550101"


def test_update_refuses_read_only_fields(as_alice, alice, bob):
    customer = CustomerFactory(owner=alice)
    response = as_alice.patch(
        f"{LIST}{customer.pk}/", {"owner": bob.pk, "created_at": "2020-01-01T00:00:00Z"}, format="json"
    )
    assert response.status_code == 400
    assert {("owner", "read_only"), ("created_at", "read_only")} <= errors_by_field(response)
    customer.refresh_from_db()
    assert customer.owner == alice


@pytest.mark.parametrize("path", ["{}/", "{}/delete/"])
def test_delete_is_soft(as_alice, alice, path):
    customer = CustomerFactory(owner=alice)
    response = as_alice.delete(LIST + path.format(customer.pk))
    assert response.status_code == 200
    assert response.json()["message"] == "Customer deleted successfully"
    customer.refresh_from_db()
    assert customer.deleted_at is not None
    assert customer.deleted_by == alice
    assert as_alice.get(f"{LIST}{customer.pk}/").status_code == 404
    assert as_alice.delete(LIST + path.format(customer.pk)).status_code == 404
    assert as_alice.get(LIST).json()["data"]["count"] == 0


@pytest.mark.parametrize(
    ("method", "path"), [("patch", "{}/"), ("patch", "{}/update/"), ("put", "{}/update/")]
)
def test_an_empty_update_is_a_400_naming_the_fields_and_changes_nothing(as_alice, alice, method, path):
    customer = CustomerFactory(owner=alice, first_name="Ada")
    response = getattr(as_alice, method)(LIST + path.format(customer.pk), {}, format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["status"] == "Failure"
    assert body["errors"] == [
        {
            "field": None,
            "code": "no_fields",
            "message": "Give at least one field to change: first_name, last_name, phone_number, date_of_birth.",
        }
    ]
    customer.refresh_from_db()
    assert (customer.first_name, customer.version) == ("Ada", 1)


def test_an_empty_put_on_the_canonical_route_names_every_required_field(as_alice, alice):
    customer = CustomerFactory(owner=alice)
    response = as_alice.put(f"{LIST}{customer.pk}/", {}, format="json")
    assert response.status_code == 400
    assert {("first_name", "required"), ("phone_number", "required"), ("date_of_birth", "required")} <= (
        errors_by_field(response)
    )
