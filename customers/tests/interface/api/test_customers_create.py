"""Creating a customer through the API: the envelope, every rule, the phone uniqueness."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.dates import birthday_years_ago
from customers.tests.factories import CustomerFactory
from customers.tests.interface.api.helpers import LIST, errors_by_field, payload

# --- create -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LIST, "/api/v1/customers/add/"])
def test_create_returns_201_in_the_envelope(as_alice, alice, path):
    response = as_alice.post(path, payload(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "Success"
    assert body["message"] == "Customer created successfully"
    assert body["errors"] == []
    data = body["data"]
    assert data["phone_number"] == "+14155550100"
    assert data["full_name"] == "Ada Lovelace"
    assert data["age"] == 30
    assert set(data) == {
        "id",
        "first_name",
        "last_name",
        "full_name",
        "phone_number",
        "date_of_birth",
        "age",
        "created_at",
        "updated_at",
        "warnings",  # possible duplicates; none here
    }
    assert data["warnings"] == []
    assert Customer.objects.get(pk=data["id"]).owner == alice
    assert response["X-Request-ID"]


@pytest.mark.parametrize("name", ["José", "O'Brien", "Anne-Marie", "Zoë", "李雷"])
def test_international_names_are_accepted(as_alice, name):
    response = as_alice.post(LIST, payload(first_name=name, last_name=name), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["first_name"] == name
    assert Customer.objects.get().first_name == name


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"first_name": "R2D2"}, "first_name", "invalid_name"),
        ({"first_name": "   "}, "first_name", "required"),
        ({"last_name": "Bob!"}, "last_name", "invalid_name"),
        ({"first_name": "a" * 101}, "first_name", "max_length"),
        ({"phone_number": "12345"}, "phone_number", "invalid_phone"),
        ({"date_of_birth": "30/11/1990"}, "date_of_birth", "invalid"),
        ({"date_of_birth": birthday_years_ago(13, plus_days=1).isoformat()}, "date_of_birth", "too_young"),
        ({"date_of_birth": birthday_years_ago(101).isoformat()}, "date_of_birth", "too_old"),
        (
            {"date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "date_of_birth",
            "future_date",
        ),
    ],
)
def test_each_rule_is_a_field_level_400_and_creates_nothing(as_alice, overrides, field, code):
    response = as_alice.post(LIST, payload(**overrides), format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "Failure"
    assert body["data"] is None
    assert (field, code) in errors_by_field(response)
    assert not Customer.objects.exists()


def test_age_edges_turned_13_today_and_100_until_101(as_alice):
    assert (
        as_alice.post(
            LIST, payload(date_of_birth=birthday_years_ago(13).isoformat()), format="json"
        ).status_code
        == 201
    )
    response = as_alice.post(
        LIST,
        payload(phone_number="+14155550101", date_of_birth=birthday_years_ago(101, plus_days=1).isoformat()),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["data"]["age"] == 100


@pytest.mark.parametrize("field", ["first_name", "phone_number", "date_of_birth"])
def test_missing_required_fields_are_named(as_alice, field):
    body = payload()
    del body[field]
    response = as_alice.post(LIST, body, format="json")
    assert response.status_code == 400
    assert (field, "required") in errors_by_field(response)


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("id", "read_only"),
        ("owner", "read_only"),
        ("created_at", "read_only"),
        ("deleted_at", "read_only"),
        ("nickname", "unknown_field"),
    ],
)
def test_fields_a_client_may_not_set_are_refused(as_alice, bob, field, code):
    response = as_alice.post(LIST, payload(**{field: bob.pk}), format="json")
    assert response.status_code == 400
    assert (field, code) in errors_by_field(response)
    assert not Customer.objects.exists()


def test_duplicate_phone_in_any_format_is_409(as_alice):
    as_alice.post(LIST, payload(), format="json")
    response = as_alice.post(LIST, payload(first_name="Eve", phone_number="(415) 555-0100"), format="json")
    assert response.status_code == 409
    assert ("phone_number", "duplicate") in errors_by_field(response)
    assert Customer.objects.count() == 1


def test_same_phone_for_another_owner_is_fine(as_alice, as_bob):
    assert as_alice.post(LIST, payload(), format="json").status_code == 201
    assert as_bob.post(LIST, payload(), format="json").status_code == 201


@pytest.mark.parametrize("write", ["create", "update"])
def test_a_lost_race_on_the_phone_is_the_same_409(as_alice, alice, monkeypatch, write):
    """Another request took the number after the service's check (update) or there is no
    check at all (create): the database constraint catches it and the client sees exactly the
    checked-case 409. The patched check records its calls, so the test knows it took effect."""
    from customers.repositories.repository import DjangoCustomerRepository

    asked: list[dict] = []
    monkeypatch.setattr(
        DjangoCustomerRepository, "phone_in_use", lambda self, **kw: asked.append(kw) or False
    )
    CustomerFactory(owner=alice, phone_number="+14155550100")
    if write == "create":
        response = as_alice.post(LIST, payload(), format="json")
        assert asked == []  # create asks nothing: the unique index is its only guard
    else:
        other = CustomerFactory(owner=alice, phone_number="+14155550101")
        response = as_alice.patch(f"{LIST}{other.pk}/", {"phone_number": "415 555 0100"}, format="json")
        assert [call["phone_number"] for call in asked] == ["+14155550100"]  # fooled, so the index decides
        other.refresh_from_db()
        assert other.phone_number == "+14155550101"
    assert response.status_code == 409
    assert ("phone_number", "duplicate") in errors_by_field(response)
    assert Customer.objects.filter(owner=alice, phone_number="+14155550100").count() == 1


def test_a_deleted_customer_frees_its_number(as_alice):
    first = as_alice.post(LIST, payload(), format="json").json()["data"]
    assert as_alice.delete(f"{LIST}{first['id']}/").status_code == 200
    assert as_alice.post(LIST, payload(), format="json").status_code == 201
