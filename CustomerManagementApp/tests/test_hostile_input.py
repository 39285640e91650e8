"""Hostile input is cheap to refuse and never a 500: floods of
unknown keys, deep nesting, huge auth bodies, overflowing dates and offsets."""

import json
import time

import pytest
from django.test import Client

from common.serializers import REPORTED_UNKNOWN_FIELDS, StrictInputSerializer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for
from users.models import User
from users.tests.factories import UserFactory
from users.tests.pages import logged_in_client

LIST = "/api/v1/customers/"
REGISTER = "/api/v1/user/register/"
TOKEN = "/api/v1/user/token/"


@pytest.fixture
def as_user(db):
    return client_for(UserFactory())


def post_raw(client, path, body: str):
    return client.generic("POST", path, body, content_type="application/json")


def assert_envelope(response, status):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["status"] == "Failure" and body["data"] is None and body["errors"]
    return body


@pytest.mark.parametrize("count", [20, 50])
def test_unknown_fields_are_reported_a_few_by_name_plus_a_count(as_user, count):
    body = {"first_name": "Ada", "phone_number": "+14155550100", "date_of_birth": "1990-01-01"}
    body |= {f"junk{i}": i for i in range(count - 3)}
    answer = assert_envelope(as_user.post(LIST, body, format="json"), 400)
    named = [e for e in answer["errors"] if e["code"] == "unknown_field"]
    assert len(named) == REPORTED_UNKNOWN_FIELDS
    (summary,) = [e for e in answer["errors"] if e["code"] == "unknown_fields"]
    assert f"({count - 3} in all)" in summary["message"]


@pytest.mark.parametrize("path", [LIST, REGISTER, TOKEN])
def test_an_object_with_thousands_of_keys_is_refused_before_validation_small_and_fast(as_user, path):
    body = json.dumps({f"{i:x}": 1 for i in range(25_000)}, separators=(",", ":"))
    assert 150_000 < len(body) < 256 * 1024  # within the general body limit
    started = time.perf_counter()
    response = post_raw(as_user, path, body)
    elapsed = time.perf_counter() - started
    answer = assert_envelope(response, 413 if path != LIST else 400)
    assert len(response.content) < 1_000
    assert elapsed < 0.25, elapsed
    if path == LIST:
        assert answer["errors"][0]["code"] == "too_many_fields"


def test_every_operation_accepts_fewer_keys_than_the_parser_limit(settings):
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for serializer in subclasses(StrictInputSerializer):
        names = set(serializer().fields) | set(serializer.read_only_names)
        assert len(names) < settings.JSON_MAX_OBJECT_KEYS, serializer


@pytest.mark.parametrize("path", [REGISTER, TOKEN, "/api/v1/user/token/refresh/"])
def test_the_account_endpoints_take_only_a_small_body(db, path, settings):
    body = json.dumps({"email": "a@example.com", "password": "p" * (settings.AUTH_MAX_BODY_BYTES + 10)})
    answer = assert_envelope(post_raw(Client(), path, body), 413)
    assert answer["errors"][0]["code"] == "too_large"
    assert not User.objects.filter(email="a@example.com").exists()


@pytest.mark.parametrize(("opener", "closer"), [("[", ""), ('{"a":', ""), ("[", "]")])
@pytest.mark.parametrize(("path", "depth"), [(LIST, 50_000), (REGISTER, 3_000)])
def test_deeply_nested_json_is_a_400_not_a_500(as_user, opener, closer, path, depth):
    body = opener * depth + closer * depth
    answer = assert_envelope(post_raw(as_user, path, body), 400)
    assert answer["errors"][0]["code"] == "parse_error"


@pytest.mark.parametrize("param", ["created_to", "created_from"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("path", [LIST, "/api/v1/customers/export/"])
def test_dates_at_the_ends_of_the_calendar_are_a_400_naming_the_parameter(as_user, path, param, value):
    answer = assert_envelope(as_user.get(path, {param: value}), 400)
    assert {e["field"] for e in answer["errors"]} == {param}


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_the_dashboard_shows_a_field_error_for_a_date_at_the_end_of_the_calendar(db, value):
    response = logged_in_client(UserFactory()).get("/customer/dashboard/", {"created_to": value})
    assert response.status_code in (200, 400)
    assert "Enter a date from 0001-01-02 to 9999-12-30." in response.content.decode()


def test_the_last_representable_days_still_work(as_user):
    assert as_user.get(LIST, {"created_to": "9999-12-30", "created_from": "0001-01-02"}).status_code == 200


def test_the_largest_64_bit_offset_is_an_empty_page(db):
    user = UserFactory()
    customer = CustomerFactory(owner=user)
    client = client_for(user)
    for path in (f"/api/v1/customers/{customer.pk}/history/", LIST, "/api/v1/customers/trash/"):
        response = client.get(path, {"offset": str(2**63 - 1)})
        assert response.status_code == 200, (path, response.json())
        assert response.json()["data"]["results"] == []


@pytest.mark.parametrize("offset", [str(2**64), str(2**63), "9" * 40])
def test_an_offset_beyond_64_bits_is_a_400_on_the_history_and_the_list(db, offset):
    user = UserFactory()
    customer = CustomerFactory(owner=user)
    client = client_for(user)
    for path in (f"/api/v1/customers/{customer.pk}/history/", LIST, "/api/v1/customers/trash/"):
        answer = assert_envelope(client.get(path, {"offset": offset}), 400)
        assert answer["errors"][0]["field"] == "offset"
