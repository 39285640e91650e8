"""Cursor pagination together with search, filters and ordering, and on trash and history:
the cursor encodes the ordering key, every page says `has_more`, and the next and previous
cursors are fields of their own."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.factories import CustomerFactory

LIST = "/api/v1/customers/"


def walk(client, url, params, key="next_cursor"):
    """Every page, following the cursor fields (never the URLs)."""
    pages, cursor = [], ""
    while True:
        response = client.get(url, {**params, "cursor": cursor})
        assert response.status_code == 200, response.json()
        data = response.json()["data"]
        pages.append(data)
        cursor = data[key]
        if cursor is None:
            return pages


def ids(pages):
    return [row["id"] for page in pages for row in page["results"]]


@pytest.fixture
def book(alice, bob):
    # Names with ties (three Lees) so the id must break them; bob's customer must never show.
    for index, (first, last) in enumerate(
        [("Ann", "Lee"), ("Bo", "Lee"), ("Cy", "Lee"), ("Di", "Adams"), ("Ed", "Zhou"), ("Flo", "Moss")]
    ):
        CustomerFactory(owner=alice, first_name=first, last_name=last, date_of_birth=date(1980 + index, 1, 1))
    CustomerFactory(owner=bob, first_name="Bob", last_name="Lee")


@pytest.mark.parametrize(
    "ordering", ["last_name", "-last_name", "date_of_birth", "-first_name", "updated_at"]
)
def test_a_cursor_walk_in_any_order_matches_the_offset_list_and_walks_back(as_alice, book, ordering):
    offset_ids = [row["id"] for row in as_alice.get(LIST, {"ordering": ordering}).json()["data"]["results"]]
    forward = walk(as_alice, LIST, {"ordering": ordering, "limit": 2})
    assert ids(forward) == offset_ids and len(offset_ids) == 6
    assert [page["has_more"] for page in forward] == [True, True, False]
    assert all("count" not in page for page in forward)
    assert forward[0]["previous_cursor"] is None
    back = walk(as_alice, LIST, {"ordering": ordering, "limit": 2, "cursor": ""}, key="previous_cursor")
    assert ids(back) == offset_ids[:2]  # from the start there is nothing before
    # from the last page, the previous cursors walk back over the same pages
    pages, cursor = [], forward[-1]["previous_cursor"]
    while cursor:
        data = as_alice.get(LIST, {"ordering": ordering, "limit": 2, "cursor": cursor}).json()["data"]
        pages.insert(0, data)
        cursor = data["previous_cursor"]
    assert ids(pages) == offset_ids[:4]


def test_a_cursor_walk_with_search_and_filters_sees_only_matches(as_alice, book):
    params = {"search": "lee", "age_max": 101, "ordering": "-last_name", "limit": 1}
    found = ids(walk(as_alice, LIST, params))
    expected = list(
        Customer.objects.filter(last_name="Lee", owner__email="alice@example.com")
        .order_by("-last_name", "-id")
        .values_list("id", flat=True)
    )
    assert found == expected and len(found) == 3


def test_the_next_link_keeps_search_and_ordering(as_alice, book):
    data = as_alice.get(LIST, {"search": "lee", "ordering": "last_name", "cursor": "", "limit": 1}).json()[
        "data"
    ]
    assert "search=lee" in data["next"] and "ordering=last_name" in data["next"]
    assert data["next"].endswith(data["next_cursor"]) or f"cursor={data['next_cursor']}" in data["next"]


def test_a_cursor_of_another_ordering_is_a_400_naming_cursor(as_alice, book):
    data = as_alice.get(LIST, {"ordering": "last_name", "cursor": "", "limit": 2}).json()["data"]
    response = as_alice.get(LIST, {"ordering": "first_name", "cursor": data["next_cursor"]})
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("cursor", "invalid_cursor")]
    # and a cursor of the plain list is not one of a search ordered by name either
    plain = as_alice.get(LIST, {"pagination": "cursor", "limit": 2}).json()["data"]["next_cursor"]
    assert as_alice.get(LIST, {"ordering": "last_name", "cursor": plain}).status_code == 400


def test_offset_pages_carry_has_more_and_null_cursors(as_alice, book):
    first = as_alice.get(LIST, {"limit": 4}).json()["data"]
    last = as_alice.get(LIST, {"limit": 4, "offset": 4}).json()["data"]
    assert (first["has_more"], last["has_more"]) == (True, False)
    assert first["next_cursor"] is None and first["previous_cursor"] is None and first["count"] == 6


def test_a_searched_cursor_page_costs_two_queries(as_alice, book, django_assert_num_queries):
    first = as_alice.get(LIST, {"search": "lee", "ordering": "last_name", "cursor": "", "limit": 1}).json()
    # authentication, then one window read with one row more than asked; no count
    with django_assert_num_queries(2):
        response = as_alice.get(
            LIST,
            {"search": "lee", "ordering": "last_name", "cursor": first["data"]["next_cursor"], "limit": 1},
        )
    assert response.status_code == 200


def test_the_trash_walks_by_cursor_most_recent_deletion_first(as_alice, alice, bob):
    now = timezone.now()
    gone = [CustomerFactory(owner=alice, deleted_at=now - timedelta(minutes=index)) for index in range(5)]
    Customer.objects.filter(pk=gone[3].pk).update(deleted_at=gone[2].deleted_at)  # a tie
    CustomerFactory(owner=bob, deleted_at=now)
    CustomerFactory(owner=alice)  # active: not in the trash
    pages = walk(as_alice, f"{LIST}trash/", {"limit": 2})
    expected = list(
        Customer.objects.filter(owner=alice, deleted_at__isnull=False)
        .order_by("-deleted_at", "-id")
        .values_list("id", flat=True)
    )
    assert ids(pages) == expected and len(expected) == 5
    assert [page["has_more"] for page in pages] == [True, True, False]
    assert all(row["deleted_at"] for page in pages for row in page["results"])


def test_history_walks_by_cursor_newest_first_with_the_same_entries_as_offset(as_alice, alice):
    created = as_alice.post(
        LIST,
        {"first_name": "Ann", "phone_number": "+14155550170", "date_of_birth": "1990-01-02"},
        format="json",
    ).json()["data"]
    url = f"{LIST}{created['id']}/"
    for name in ("Bea", "Cat", "Dee", "Eve"):
        assert as_alice.patch(url, {"first_name": name}, format="json").status_code == 200
    by_offset = as_alice.get(f"{url}history/", {"limit": 100}).json()["data"]["results"]
    pages = walk(as_alice, f"{url}history/", {"limit": 2})
    assert [entry for page in pages for entry in page["results"]] == by_offset
    assert len(by_offset) == 5 and [page["has_more"] for page in pages] == [True, True, False]
    assert by_offset[-1]["action"] == "created"


def test_history_by_cursor_of_another_owners_customer_is_a_404(as_alice, as_bob, alice):
    customer = CustomerFactory(owner=alice)
    assert as_bob.get(f"{LIST}{customer.pk}/history/", {"cursor": ""}).status_code == 404


def test_trash_and_history_cursor_pages_have_pinned_query_counts(as_alice, alice, django_assert_num_queries):
    customer = CustomerFactory(owner=alice)
    for name in ("Bea", "Cat", "Dee"):
        as_alice.patch(f"{LIST}{customer.pk}/", {"first_name": name}, format="json")
    CustomerFactory.create_batch(3, owner=alice, deleted_at=timezone.now())
    first = as_alice.get(f"{LIST}{customer.pk}/history/", {"cursor": "", "limit": 1}).json()["data"]
    # authentication, the window, and the one older entry each change is diffed against
    with django_assert_num_queries(3):
        as_alice.get(f"{LIST}{customer.pk}/history/", {"cursor": first["next_cursor"], "limit": 1})
    trash = as_alice.get(f"{LIST}trash/", {"cursor": "", "limit": 1}).json()["data"]
    # authentication and the window; no count
    with django_assert_num_queries(2):
        as_alice.get(f"{LIST}trash/", {"cursor": trash["next_cursor"], "limit": 1})
