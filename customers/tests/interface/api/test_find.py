"""Search, filters and ordering on the customer list API."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.dates import birthday_years_ago
from customers.tests.factories import CustomerFactory

URL = "/api/v1/customers/"


def names(response):
    assert response.status_code == 200, response.json()
    return [row["full_name"] for row in response.json()["data"]["results"]]


@pytest.fixture
def book(alice, bob):
    CustomerFactory(owner=alice, first_name="José", last_name="García", phone_number="+14155550101")
    CustomerFactory(owner=alice, first_name="Zoë", last_name="Ångström", phone_number="+442079460958")
    CustomerFactory(owner=alice, first_name="Ann", last_name="Lee", phone_number="+14155550103")
    CustomerFactory(owner=bob, first_name="Jose", last_name="Other", phone_number="+14155550104")


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("jose", ["José García"]),
        ("JOSÉ", ["José García"]),
        ("garcia", ["José García"]),
        ("jose garcia", ["José García"]),
        ("garcia jose", ["José García"]),
        ("zoe", ["Zoë Ångström"]),
        ("angstrom", ["Zoë Ångström"]),
        ("(415) 555-0101", ["José García"]),
        ("4155550101", ["José García"]),
        ("+1 415 555 0101", ["José García"]),
        ("020 7946 0958", ["Zoë Ångström"]),
        ("0044 20 7946 0958", ["Zoë Ångström"]),
        ("nobody", []),
    ],
)
def test_search_by_name_ignoring_accents_and_case_or_by_phone_in_any_format(as_alice, book, search, expected):
    assert names(as_alice.get(URL, {"search": search})) == expected


def test_search_sees_only_my_customers(as_bob, book):
    assert names(as_bob.get(URL, {"search": "jose"})) == ["Jose Other"]


def test_age_range_is_by_birthday_to_the_day(as_alice, alice):
    thirteen_today = birthday_years_ago(13)  # on 29 February: the 28th, 13 since yesterday
    CustomerFactory(owner=alice, first_name="Turns", last_name="Today", date_of_birth=thirteen_today)
    CustomerFactory(
        owner=alice,
        first_name="Turns",
        last_name="Tomorrow",
        date_of_birth=thirteen_today + timedelta(days=1),
    )
    assert names(as_alice.get(URL, {"age_min": 13, "age_max": 13})) == ["Turns Today"]
    assert names(as_alice.get(URL, {"age_max": 12})) == ["Turns Tomorrow"]


def test_created_range_is_inclusive_whole_days(as_alice, alice):
    old = CustomerFactory(owner=alice, first_name="Old")
    CustomerFactory(owner=alice, first_name="New")
    Customer.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    today = timezone.localdate()
    assert [n.split()[0] for n in names(as_alice.get(URL, {"created_from": today.isoformat()}))] == ["New"]
    ten_days_ago = (today - timedelta(days=10)).isoformat()
    assert [n.split()[0] for n in names(as_alice.get(URL, {"created_to": ten_days_ago}))] == ["Old"]


def test_ordering_ascending_descending_with_id_tie_break(as_alice, alice):
    first = CustomerFactory(owner=alice, first_name="Bea", last_name="Same")
    second = CustomerFactory(owner=alice, first_name="Al", last_name="Same")
    third = CustomerFactory(owner=alice, first_name="Cy", last_name="Apple")
    ids = lambda r: [row["id"] for row in r.json()["data"]["results"]]  # noqa: E731
    assert ids(as_alice.get(URL, {"ordering": "last_name"})) == [third.pk, first.pk, second.pk]
    assert ids(as_alice.get(URL, {"ordering": "-last_name"})) == [second.pk, first.pk, third.pk]
    assert ids(as_alice.get(URL, {"ordering": "first_name"})) == [second.pk, first.pk, third.pk]


def test_filtered_list_keeps_the_query_in_page_links_and_counts(as_alice, alice):
    for n in range(3):
        CustomerFactory(owner=alice, first_name="Match", last_name=f"N{'abc'[n]}")
    CustomerFactory(owner=alice, first_name="Other")
    data = as_alice.get(URL, {"search": "match", "limit": 2, "ordering": "last_name"}).json()["data"]
    assert data["count"] == 3
    assert "search=match" in data["next"] and "ordering=last_name" in data["next"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"ordering": "password"}, "ordering"),
        ({"ordering": "--last_name"}, "ordering"),
        ({"age_min": "old"}, "age_min"),
        ({"age_max": "-1"}, "age_max"),
        ({"age_min": "30", "age_max": "20"}, "age_min"),
        ({"created_from": "yesterday"}, "created_from"),
        ({"created_to": "2024-02-30"}, "created_to"),
        ({"search": "x" * 101}, "search"),
    ],
)
def test_malformed_parameters_are_a_400_naming_them(as_alice, params, field):
    response = as_alice.get(URL, params)
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]


def test_plain_list_keeps_the_fast_path_and_filtered_list_query_count_is_pinned(
    as_alice, alice, book, django_assert_num_queries
):
    as_alice.get(URL)  # warm up
    with django_assert_num_queries(3):  # plain: user, count row, page (hand-written SQL)
        as_alice.get(URL)
    with django_assert_num_queries(3):  # filtered: user, COUNT, page
        response = as_alice.get(URL, {"search": "jose", "ordering": "last_name", "age_min": 18})
    assert names(response) == ["José García"]


def test_find_parameters_left_empty_are_the_plain_list(as_alice, book):
    plain = names(as_alice.get(URL))
    empty = {name: "" for name in ("search", "age_min", "age_max", "created_from", "created_to", "ordering")}
    assert names(as_alice.get(URL, empty)) == plain == ["Ann Lee", "Zoë Ångström", "José García"]


def test_no_find_parameters_build_the_same_query_as_the_domain_does_for_nothing():
    """The list skips the form when no find parameter has a value; that is only right
    while the domain's query for "nothing asked" is the plain query."""
    from customers.domain.queries import CustomerQuery
    from customers.domain.service_factory import customer_service

    assert customer_service().build_query() == CustomerQuery()
    assert CustomerQuery().is_plain


def test_create_reports_a_possible_duplicate_without_blocking(as_alice, alice):
    CustomerFactory(owner=alice, first_name="José", last_name="García", date_of_birth=date(1990, 5, 17))
    body = {
        "first_name": "JOSE",
        "last_name": "garcia",
        "phone_number": "+14155550177",
        "date_of_birth": "1990-05-17",
    }
    response = as_alice.post(URL, body, format="json")
    assert response.status_code == 201
    warnings = response.json()["data"]["warnings"]
    assert len(warnings) == 1 and warnings[0]["code"] == "possible_duplicate"
    other = {**body, "phone_number": "+14155550178", "date_of_birth": "1990-05-18"}
    assert as_alice.post(URL, other, format="json").json()["data"]["warnings"] == []
