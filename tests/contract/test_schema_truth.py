"""What the served schema says is what the server does: field by field, parameter by parameter,
header by header, and every example it publishes is valid against the schema it sits in."""

import copy
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers

from common import exceptions as app_exceptions
from common.error_codes import ERROR_CODES
from customers.domain import errors as customer_errors  # noqa: F401  (its error classes must be loaded)
from customers.domain import rules
from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for
from users.tests.factories import UserFactory

README = Path(__file__).resolve().parents[2] / "README.md"
METHODS = ("get", "put", "patch", "post", "delete")


@pytest.fixture
def schema(api_client, db):
    return api_client.get("/swagger.json").json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method], item.get("parameters", [])


def to_json_schema(node: Any) -> Any:
    """Swagger 2.0's `x-nullable` as JSON Schema (type or null), for validating examples."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: to_json_schema(value) for key, value in node.items() if key not in ("x-nullable", "example")}
    if node.get("x-nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    if out.get("type") == "file":
        out.pop("type")
    return out


def validator(schema, node):
    root = {"definitions": to_json_schema(schema["definitions"]), **to_json_schema(node)}
    return jsonschema.Draft4Validator(root, format_checker=jsonschema.FormatChecker())


# --- fields -------------------------------------------------------------------------------------


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


@pytest.fixture
def as_alice_and_customer(db):
    alice = UserFactory(email="alice@example.com")
    return client_for(alice), CustomerFactory(owner=alice, last_name="")


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


# --- headers ----------------------------------------------------------------------------------


def test_every_response_declares_the_headers_the_api_sends(schema):
    for path, method, operation, _ in operations(schema):
        idempotent = any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
        throttled = not path.startswith("/health-check/")
        for status, response in operation["responses"].items():
            headers = response.get("headers", {})
            label = f"{method.upper()} {path} {status}"
            assert "X-Request-ID" in headers, label
            if throttled:
                assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= set(headers), (
                    label
                )
            if status == "429":
                assert "Retry-After" in headers, label
            if idempotent:
                assert headers["Idempotent-Replayed"]["enum"] == ["true"], label


def test_rate_limit_headers_count_down_on_a_throttled_endpoint(as_alice_and_customer, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "3/min"},
    }
    client, _ = as_alice_and_customer
    answers = [client.get("/api/v1/user/me/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert all(a["X-RateLimit-Limit"] == "3" and 0 < int(a["X-RateLimit-Reset"]) <= 60 for a in answers)
    assert int(answers[-1]["Retry-After"]) > 0
    assert answers[-1].json()["errors"][0]["code"] == "throttled"


def test_health_probes_are_not_throttled_and_say_so(api_client, db):
    response = api_client.get("/api/v1/health-check/ready/")
    assert response.status_code == 200 and "X-RateLimit-Limit" not in response


# --- error codes ------------------------------------------------------------------------------


def test_the_error_code_enum_is_the_registry(schema):
    assert schema["definitions"]["ErrorItem"]["properties"]["code"]["enum"] == list(ERROR_CODES)


def test_the_readme_table_lists_every_code_with_its_meaning_and_status():
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+?) \| ([0-9, ]+) \|$", README.read_text(), flags=re.MULTILINE)
    table = {code: (meaning, tuple(int(s) for s in statuses.split(", "))) for code, meaning, statuses in rows}
    assert table == ERROR_CODES


def _subclasses(base):
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def test_every_code_the_code_can_raise_is_in_the_registry():
    codes = {cls.default_code for cls in _subclasses(app_exceptions.ApplicationError)}
    codes |= {cls.default_code for cls in _subclasses(drf_exceptions.APIException)}
    codes -= {"error"}  # the abstract base's, never raised as such
    fields = [
        serializers.CharField(max_length=1, min_length=1),
        serializers.IntegerField(max_value=1, min_value=0),
        serializers.DateField(),
        serializers.EmailField(),
        serializers.ChoiceField(choices=["a"]),
    ]
    # (A DateField's "datetime" is only raised for Python datetime objects, never for JSON input.)
    codes |= {code for field in fields for code in field.error_messages if code != "datetime"}
    for validator_ in get_default_password_validators():
        try:
            validator_.validate("1")
        except DjangoValidationError as error:
            codes |= {item.code for item in error.error_list}
    codes |= {"no_active_account", "user_not_found", "user_inactive", "password_changed"}
    assert sorted(codes - set(ERROR_CODES)) == []


def test_an_unlisted_code_is_sent_as_invalid_and_logged(caplog):
    from common.envelope import failure_envelope

    envelope = failure_envelope("x", [app_exceptions.ErrorDetail(None, "made_up", "x")])
    assert envelope["errors"][0]["code"] == "invalid"
    assert "made_up" in caplog.text


# --- examples ---------------------------------------------------------------------------------


def test_every_operation_has_a_success_and_a_failure_example_that_fit_its_schema(schema):
    for path, method, operation, _ in operations(schema):
        label = f"{method.upper()} {path}"
        statuses = {int(status) for status, r in operation["responses"].items() if "examples" in r}
        is_file = operation["responses"].get("200", {}).get("schema", {}).get("type") == "file"
        assert any(s < 300 for s in statuses) or is_file, label  # a file (a CSV) has no JSON example
        assert any(s >= 400 for s in statuses), label
        for status, response in operation["responses"].items():
            for example in response.get("examples", {}).values():
                errors = list(validator(schema, response["schema"]).iter_errors(example))
                assert not errors, (label, status, [e.message for e in errors])
        body = next((p for p in operation["parameters"] if p["in"] == "body"), None)
        if body is not None:
            example = copy.deepcopy(
                schema["definitions"][body["schema"]["$ref"].rsplit("/", 1)[-1]]["example"]
            )
            assert validator(schema, body["schema"]).is_valid(example), (label, example)


_CODE_LITERALS = re.compile(
    r"""(?:default_code\s*=\s*|\bcode\s*=\s*|ErrorDetail\(\s*[^,()]+,\s*|RowProblem\([^,()]+,\s*[^,()]+,\s*)"([a-z_]+)\""""
)


def test_every_code_written_in_the_source_is_in_the_registry():
    root = README.parent
    found = {}
    for package in ("common", "customers", "users", "CustomerManagementApp"):
        for path in (root / package).rglob("*.py"):
            # (forms.py, views.py and the admin site's login form belong to the pages, whose errors
            # are form errors, not envelopes)
            pages = ("forms.py", "views.py", "admin_site.py")
            if "tests" in path.parts or "migrations" in path.parts or path.name in pages:
                continue
            for code in _CODE_LITERALS.findall(path.read_text()):
                found.setdefault(code, str(path.relative_to(root)))
    found.pop("error", None)  # ApplicationError's abstract default
    missing = {code: where for code, where in found.items() if code not in ERROR_CODES}
    assert not missing, missing
