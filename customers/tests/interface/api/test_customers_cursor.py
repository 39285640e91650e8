"""Keyset (cursor) pagination of the customer list, end to end."""

import base64
import json
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from common.cursors import encode_cursor
from customers.models import Customer
from customers.tests.factories import CustomerFactory

LIST = "/api/v1/customers/"


def walk(client, url, key="next"):
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        data = response.json()["data"]
        pages.append(data)
        url = data[key]
    return pages


def newest_first_ids(owner):
    return list(
        Customer.objects.filter(owner=owner, deleted_at__isnull=True)
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)
    )


@pytest.mark.parametrize("start", ["?pagination=cursor&limit=4", "?cursor=&limit=4"])
def test_a_cursor_walk_visits_every_customer_once_then_walks_back(as_alice, alice, bob, start):
    CustomerFactory.create_batch(10, owner=alice)
    CustomerFactory(owner=bob)
    forward = walk(as_alice, LIST + start)
    assert [len(p["results"]) for p in forward] == [4, 4, 2]
    assert all("count" not in p for p in forward)
    assert forward[0]["previous"] is None
    ids = [c["id"] for p in forward for c in p["results"]]
    assert ids == newest_first_ids(alice)
    assert "limit=4" in forward[0]["next"] and "pagination" not in forward[0]["next"]
    backward = walk(as_alice, forward[-1]["previous"], key="previous")
    assert [[c["id"] for c in p["results"]] for p in backward] == [ids[4:8], ids[0:4]]


def test_ties_on_creation_time_neither_skip_nor_repeat(as_alice, alice):
    customers = CustomerFactory.create_batch(7, owner=alice)
    same = timezone.now().replace(microsecond=0)
    Customer.objects.filter(pk__in=[c.pk for c in customers[1:6]]).update(created_at=same)
    ids = [c["id"] for p in walk(as_alice, f"{LIST}?pagination=cursor&limit=2") for c in p["results"]]
    assert ids == newest_first_ids(alice)


def test_a_cursor_page_is_stable_while_newer_customers_arrive(as_alice, alice):
    CustomerFactory.create_batch(5, owner=alice)
    first = as_alice.get(f"{LIST}?pagination=cursor&limit=3").json()["data"]
    CustomerFactory.create_batch(3, owner=alice)  # would shift an offset page by three
    second = as_alice.get(first["next"]).json()["data"]
    assert [c["id"] for c in second["results"]] == newest_first_ids(alice)[6:8]


def test_offset_mode_is_unchanged_and_pagination_offset_selects_it(as_alice, alice):
    CustomerFactory.create_batch(3, owner=alice)
    for query in ("", "?pagination=offset"):
        data = as_alice.get(f"{LIST}{query}").json()["data"]
        assert data["count"] == 3 and len(data["results"]) == 3


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!!",
        "%%%",
        "a",
        _b64(b"not json"),
        _b64(b"{}"),
        _b64(b"[]"),
        _b64(b'["n","2026-01-01T00:00:00+00:00"]'),
        _b64(b'["x","2026-01-01T00:00:00+00:00",1]'),
        _b64(b'["n","yesterday",1]'),
        _b64(b'["n","2026-01-01T00:00:00",1]'),  # naive time
        _b64(b'["n","2026-01-01T00:00:00+00:00","1"]'),
        _b64(b'["n","2026-01-01T00:00:00+00:00",true]'),
        _b64(b'["n","2026-01-01T00:00:00+00:00",0]'),
        _b64(b'["n","2026-01-01T00:00:00+00:00",99999999999999999999999]'),
        _b64(b'["n",null,1]'),
        _b64(b"[" * 1100 + b"]" * 1100),  # nested past the recursion limit, under the 4 KB line limit
        _b64("é".encode("latin-1")),
        "A" * 500,
    ],
)
def test_a_malformed_cursor_is_a_400_naming_cursor(as_alice, alice, cursor):
    CustomerFactory(owner=alice)
    response = as_alice.get(LIST, {"cursor": cursor})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "Failure"
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("cursor", "invalid_cursor")]


def test_an_unknown_pagination_mode_is_a_400_naming_it(as_alice, alice):
    response = as_alice.get(LIST, {"pagination": "pages"})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["pagination"]


def test_a_well_formed_cursor_from_elsewhere_just_reads_from_that_position(as_alice, alice):
    CustomerFactory.create_batch(3, owner=alice)
    future = encode_cursor("next", datetime(2999, 1, 1, tzinfo=UTC), 1)
    data = as_alice.get(LIST, {"cursor": future}).json()["data"]
    assert [c["id"] for c in data["results"]] == newest_first_ids(alice)
    past = encode_cursor("next", datetime(1999, 1, 1, tzinfo=UTC), 1)
    assert as_alice.get(LIST, {"cursor": past}).json()["data"] == {
        "has_more": False,
        "next": None,
        "previous": None,
        "next_cursor": None,
        "previous_cursor": None,
        "results": [],
    }


def test_the_cursor_is_opaque_but_names_the_boundary_row(as_alice, alice):
    CustomerFactory.create_batch(3, owner=alice)
    data = as_alice.get(f"{LIST}?pagination=cursor&limit=1").json()["data"]
    token = data["next"].split("cursor=")[1].split("&")[0]
    direction, stamp, row_id = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    assert (direction, row_id) == ("n", data["results"][0]["id"])
    assert datetime.fromisoformat(stamp) == Customer.objects.get(pk=row_id).created_at


def test_cursor_pages_cost_two_queries_however_deep(as_alice, alice, django_assert_num_queries):
    CustomerFactory.create_batch(30, owner=alice)
    # authentication (user), then one index seek for the page; no count
    with django_assert_num_queries(2):
        first = as_alice.get(f"{LIST}?pagination=cursor&limit=5").json()["data"]
    deep = walk(as_alice, first["next"])[-2]
    with django_assert_num_queries(2):
        assert as_alice.get(deep["next"]).status_code == 200
    with django_assert_num_queries(2):
        assert as_alice.get(deep["previous"]).status_code == 200


def test_create_stays_within_its_budget_of_four_statements(
    as_alice, alice, django_assert_num_statements, django_assert_max_num_queries
):
    CustomerFactory.create_batch(5, owner=alice)
    body = {
        "first_name": "Ada",
        "phone_number": "+14155550177",
        "date_of_birth": "1990-01-02",
    }
    # authentication, the insert and its history row (one transaction; the unique constraint,
    # not a SELECT first, decides a duplicate number), then one indexed read for a possible
    # duplicate person (same folded name and birth date) to warn about
    with django_assert_num_statements(4):
        assert as_alice.post(LIST, body, format="json").status_code == 201
    # a refused duplicate: the same, rolled back at the insert
    with django_assert_max_num_queries(5):
        assert as_alice.post(LIST, body, format="json").status_code == 409


def test_the_schema_documents_both_modes(api_client, db):
    schema = api_client.get("/swagger.json").json()
    operation = schema["paths"]["/customers/"]["get"]
    assert {"limit", "offset", "cursor", "pagination"} <= {p["name"] for p in operation["parameters"]}
    page = schema["definitions"]["CustomerPage"]
    assert "count" in page["properties"] and "count" not in page["required"]
    assert "400" in operation["responses"]
