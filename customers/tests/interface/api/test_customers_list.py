"""The customer list through the API: only the owner's active customers, pagination, its cost."""

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.api.helpers import LIST, errors_by_field

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
