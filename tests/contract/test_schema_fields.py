"""What the served schema says of fields and parameters is what the server accepts and serves."""

import re

import pytest

from customers.domain import rules
from tests.contract.schema_support import validator


def test_partial_inputs_are_optional_and_full_inputs_required(schema):
    partial, full = schema["definitions"]["CustomerPartialInput"], schema["definitions"]["CustomerInput"]
    assert "required" not in partial
    assert set(partial["properties"]) == set(full["properties"])
    assert set(full["required"]) == {"first_name", "phone_number", "date_of_birth"}
    for name in ("PATCH", "PUT"):
        operation = schema["paths"]["/customers/{customer_id}/update/"][name.lower()]
        body = next(p for p in operation["parameters"] if p["in"] == "body")
        assert body["schema"]["$ref"].endswith("/CustomerPartialInput")


def test_a_partial_update_of_one_field_is_accepted_as_the_schema_says(as_alice_and_customer):
    client, customer = as_alice_and_customer
    response = client.patch(f"/api/v1/customers/{customer.pk}/", {"last_name": "X"}, format="json")
    assert response.status_code == 200 and response.json()["data"]["last_name"] == "X"


def test_history_values_are_declared_blank_and_null_as_they_are_served(schema, as_alice_and_customer):
    change = schema["definitions"]["CustomerFieldChange"]["properties"]
    for name in ("old", "new"):
        assert "minLength" not in change[name] and change[name]["x-nullable"] is True
    client, customer = as_alice_and_customer
    client.patch(f"/api/v1/customers/{customer.pk}/", {"last_name": "Lee"}, format="json")
    history = client.get(f"/api/v1/customers/{customer.pk}/history/").json()
    assert validator(schema, {"$ref": "#/definitions/CustomerHistoryPageEnvelope"}).is_valid(history)
    created = history["data"]["results"][-1]["changes"]
    assert {"field": "last_name", "old": None, "new": ""} in created


def test_every_path_id_is_an_integer(schema):
    params = [p for item in schema["paths"].values() for p in item.get("parameters", []) if p["in"] == "path"]
    # A job's id is a random UUID (nobody can guess another's), a download link's token a string.
    ids = [p for p in params if p["name"] not in ("job_id", "token")]
    assert ids and all(p["type"] == "integer" and p["format"] == "int64" and p["minimum"] == 1 for p in ids)
    jobs = [p for p in params if p["name"] == "job_id"]
    assert jobs and all(p["type"] == "string" and p["format"] == "uuid" for p in jobs)


def test_age_bounds_match_what_the_server_accepts(schema, as_alice_and_customer):
    client, _ = as_alice_and_customer
    params = {p["name"]: p for p in schema["paths"]["/customers/"]["get"]["parameters"]}
    for name in ("age_min", "age_max"):
        low, high = params[name]["minimum"], params[name]["maximum"]
        assert client.get("/api/v1/customers/", {name: low}).status_code == 200
        assert client.get("/api/v1/customers/", {name: high}).status_code == 200
        assert client.get("/api/v1/customers/", {name: low - 1}).status_code == 400
        assert client.get("/api/v1/customers/", {name: high + 1}).status_code == 400


def test_the_pagination_enum_and_its_empty_value_match_the_server(schema, as_alice_and_customer):
    client, _ = as_alice_and_customer
    params = {p["name"]: p for p in schema["paths"]["/customers/"]["get"]["parameters"]}
    mode = params["pagination"]
    assert mode["enum"] == ["offset", "cursor"] and mode["allowEmptyValue"] is True
    for value in [*mode["enum"], ""]:
        assert client.get("/api/v1/customers/", {"pagination": value}).status_code == 200
    assert client.get("/api/v1/customers/", {"pagination": "pages"}).status_code == 400


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ('"1"', True),
        ("*", True),
        ('W/"1"', True),
        (' "7" ', True),
        ("1", False),
        ('"1', False),
        ("abc", False),
    ],
)
def test_the_if_match_pattern_says_which_values_are_a_400(schema, as_alice_and_customer, value, accepted):
    client, customer = as_alice_and_customer
    operation = schema["paths"]["/customers/{customer_id}/"]["patch"]
    pattern = next(p["pattern"] for p in operation["parameters"] if p["name"] == "If-Match")
    assert bool(re.search(pattern, value)) is accepted
    status = client.patch(
        f"/api/v1/customers/{customer.pk}/", {"last_name": "X"}, format="json", HTTP_IF_MATCH=value
    ).status_code
    assert (status != 400) is accepted


def test_log_in_asks_for_email_and_password(schema):
    assert schema["definitions"]["TokenObtainInput"]["required"] == ["email", "password"]


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        *[
            ("José", True),
            ("O'Brien", True),
            ("Anne-Marie", True),
            ("李雷", True),
            ("  Zoë ", True),
            ("J.R.", True),
        ],
        *[("R2D2", False), ("-Ann", False), ("Ann!", False), ("", False), ("   ", False), ("_x", False)],
    ],
)
def test_the_published_name_pattern_agrees_with_the_domain_rule(name, valid):
    _, problem = rules.normalize_name(name, field="first_name", required=True)
    assert (problem is None) is valid
    assert bool(re.search(rules.NAME_PATTERN, name)) is valid
