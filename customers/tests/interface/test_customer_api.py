"""The customer API end to end through Django's test client: envelope, rules, ownership."""

from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.dates import birthday_years_ago
from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for

LIST = "/api/v1/customers/"


def payload(**overrides):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": "+1 415 555 0100",
        "date_of_birth": birthday_years_ago(30).isoformat(),
    } | overrides


def errors_by_field(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


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


# --- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LIST, "/api/v1/customers/fetch-all/"])
def test_list_shows_only_my_active_customers_newest_first(as_alice, alice, bob, path):
    mine = [CustomerFactory(owner=alice) for _ in range(3)]
    CustomerFactory(owner=bob)
    Customer.objects.filter(pk=mine[0].pk).update(deleted_at=timezone.now())
    response = as_alice.get(path)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["count"] == 2
    assert [c["id"] for c in data["results"]] == [mine[2].pk, mine[1].pk]
    assert data["next"] is None and data["previous"] is None


def test_list_paginates_with_limit_and_offset(as_alice, alice):
    CustomerFactory.create_batch(25, owner=alice)
    first = as_alice.get(LIST).json()["data"]
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert "limit=20" in first["next"] and "offset=20" in first["next"]
    second = as_alice.get(first["next"]).json()["data"]
    assert len(second["results"]) == 5
    assert second["next"] is None
    ids = [c["id"] for c in first["results"] + second["results"]]
    assert len(set(ids)) == 25


@pytest.mark.parametrize(("query", "expected"), [("limit=1000", 100), (f"offset={2**63 - 1}", 0), ("", 20)])
def test_large_pagination_values_are_clamped(as_alice, alice, query, expected):
    CustomerFactory.create_batch(120, owner=alice)
    response = as_alice.get(f"{LIST}?{query}")
    assert response.status_code == 200
    data = response.json()["data"]
    assert len(data["results"]) == expected
    assert data["count"] == 120


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=-5", "limit"),
        ("limit=abc", "limit"),
        ("offset=-3", "offset"),
        ("offset=null", "offset"),
        ("limit=", "limit"),
    ],
)
def test_malformed_pagination_values_are_a_400_naming_the_parameter(as_alice, query, field):
    response = as_alice.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert (field, "invalid") in errors_by_field(response)


def test_list_costs_three_queries_whatever_the_page(as_alice, alice, django_assert_num_queries):
    CustomerFactory.create_batch(30, owner=alice)
    # authentication (user), count, page
    with django_assert_num_queries(3):
        assert as_alice.get(LIST).status_code == 200
    with django_assert_num_queries(3):
        assert as_alice.get(f"{LIST}?offset=25&limit=5").status_code == 200


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


# --- ownership ----------------------------------------------------------------------------

ROUTES = [
    ("get", "{}/"),
    ("put", "{}/"),
    ("patch", "{}/"),
    ("delete", "{}/"),
    ("put", "{}/update/"),
    ("patch", "{}/update/"),
    ("delete", "{}/delete/"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_another_owners_customer_is_a_404_exactly_like_a_missing_one(as_bob, alice, method, path):
    customer = CustomerFactory(owner=alice, first_name="Ada")
    before = Customer.objects.filter(pk=customer.pk).values().get()
    theirs = getattr(as_bob, method)(
        LIST + path.format(customer.pk), payload(first_name="Eve"), format="json"
    )
    missing = getattr(as_bob, method)(
        LIST + path.format(customer.pk + 999), payload(first_name="Eve"), format="json"
    )
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert "Ada" not in theirs.content.decode()
    assert Customer.objects.filter(pk=customer.pk).values().get() == before


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"), [("get", ""), ("post", ""), ("get", "1/"), ("patch", "1/"), ("delete", "1/")]
)
def test_requests_without_a_valid_token_are_401(api_client, db, method, path):
    response = getattr(api_client, method)(LIST + path, {}, format="json")
    assert response.status_code == 401
    assert response.json()["status"] == "Failure"
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = getattr(api_client, method)(LIST + path, {}, format="json")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_not_valid"


def test_a_deactivated_user_is_refused(alice):
    client = client_for(alice)
    alice.is_active = False
    alice.save()
    assert client.get(LIST).status_code == 401


@pytest.mark.parametrize("customer_id", [2**63, 10**30])
@pytest.mark.parametrize(("method", "path"), [*ROUTES, ("get", "{}/history/"), ("post", "{}/restore/")])
def test_an_id_beyond_any_database_integer_is_a_plain_404(as_alice, alice, method, path, customer_id):
    CustomerFactory(owner=alice)
    response = getattr(as_alice, method)(LIST + path.format(customer_id), payload(), format="json")
    assert response.status_code == 404
    assert response.json()["status"] == "Failure"


@pytest.mark.parametrize("suffix", ["modify/", "history/", "delete/"])
def test_a_page_for_an_id_beyond_any_database_integer_is_a_404_page(alice, client, suffix):
    client.force_login(alice)
    assert client.get(f"/customer/{10**30}/{suffix}").status_code == 404


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
