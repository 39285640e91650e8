"""What the logs say: one access line per request, JSON when asked, the request id on every
line, and never a password, token, phone number, date of birth or query string."""

import json
import logging
import sys
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from CustomerManagementApp.logging_filters import JsonFormatter, RequestIdFilter

ACCESS_LOGGER = "CustomerManagementApp.access"


@pytest.fixture
def all_logs(caplog) -> Iterator[pytest.LogCaptureFixture]:
    """Every record from every logger at DEBUG, whatever levels and propagation the settings
    give them."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.propagate = True
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RequestIdFilter())
    try:
        yield caplog
    finally:
        for logger, level, propagate in saved:
            logger.setLevel(level)
            logger.propagate = propagate


def everything_written(caplog) -> str:
    """The records as both configured formats would write them (message, extras, traceback)."""
    text = logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
    as_json = JsonFormatter()
    return "\n".join(text.format(record) + "\n" + as_json.format(record) for record in caplog.records)


def access_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == ACCESS_LOGGER]


# --- access log -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_access_line_per_request_with_the_jwt_user_and_no_query_string(all_logs):
    client = APIClient()
    client.post(
        "/api/v1/user/register/",
        {"email": "ada@example.com", "password": "Analytical-Engine-1843", "first_name": "Ada"},
        format="json",
    )
    access = client.post(
        "/api/v1/user/token/",
        {"email": "ada@example.com", "password": "Analytical-Engine-1843"},
        format="json",
    ).json()["data"]["access"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    all_logs.clear()

    response = client.get("/api/v1/customers/?limit=5&offset=0&token=query-secret")

    assert response.status_code == 200
    [record] = access_records(all_logs)
    user_id = client.get("/api/v1/user/me/").json()["data"]["id"]
    assert (record.method, record.path, record.status, record.user_id) == (
        "GET",
        "/api/v1/customers/",
        200,
        user_id,
    )
    assert record.duration_ms >= 0
    assert record.request_id == response["X-Request-ID"]
    assert record.getMessage().startswith("GET /api/v1/customers/ 200 ")
    assert record.getMessage().endswith(f"ms user={user_id}")
    assert "query-secret" not in everything_written(all_logs)


def test_anonymous_and_unknown_paths_are_logged_without_a_user(all_logs, client):
    response = client.get("/api/v1/health-check/")
    client.get("/api/v1/no-such-thing/")

    first, second = access_records(all_logs)
    assert (first.path, first.status, first.user_id) == ("/api/v1/health-check/", 200, None)
    assert first.getMessage().endswith("user=-")
    assert first.request_id == response["X-Request-ID"]
    assert (second.path, second.status) == ("/api/v1/no-such-thing/", 404)


def test_session_pages_log_the_logged_in_user(all_logs, admin_client, admin_user):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    [record] = access_records(all_logs)
    assert (record.path, record.status, record.user_id) == ("/admin/", 200, admin_user.pk)


def test_json_formatter_writes_one_object_per_line_with_extras_and_traceback():
    record = logging.makeLogRecord(
        {"name": "x", "levelname": "INFO", "msg": "GET %s", "args": ("/p/",), "status": 200, "user_id": 7}
    )
    record.request_id = "req-12345678"
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "GET /p/"
    assert entry["request_id"] == "req-12345678"
    assert (entry["status"], entry["user_id"]) == (200, 7)
    assert entry["logger"] == "x"
    assert entry["level"] == "INFO"
    assert "ValueError: boom" in entry["exc_info"]


# --- nothing sensitive -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_a_full_api_journey_logs_no_secret_and_no_personal_data(all_logs):
    password = "Correct-Horse-Battery-9"
    wrong_password = "Wrong-Horse-Battery-7"
    user_phone, user_phone_e164 = "(202) 555-0143", "+12025550143"
    phone, phone_e164 = "415 555 0177", "+14155550177"
    new_phone, new_phone_e164 = "+1 (415) 555-0188", "+14155550188"
    crash_phone, crash_phone_e164 = "415-555-0199", "+14155550199"
    birth_date, new_birth_date, crash_birth_date = "1984-07-23", "1979-11-02", "1991-03-14"
    seen_tokens: list[str] = []
    client = APIClient(raise_request_exception=False)

    def call(method: str, path: str, body: dict | None = None, status: int | tuple[int, ...] = 200) -> dict:
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code in (status if isinstance(status, tuple) else (status,)), response.content
        return response.json()["data"]

    call(
        "post",
        "/api/v1/user/register/",
        {
            "email": "grace@example.com",
            "password": password,
            "first_name": "Grace",
            "phone_number": user_phone,
        },
        status=202,
    )
    call("post", "/api/v1/user/token/", {"email": "grace@example.com", "password": wrong_password}, 401)
    tokens = call("post", "/api/v1/user/token/", {"email": "grace@example.com", "password": password})
    seen_tokens += [tokens["access"], tokens["refresh"]]
    first_refresh = tokens["refresh"]
    tokens = call("post", "/api/v1/user/token/refresh/", {"refresh": first_refresh})
    seen_tokens += [tokens["access"], tokens["refresh"]]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    customer = call(
        "post",
        "/api/v1/customers/",
        {"first_name": "Alan", "last_name": "Turing", "phone_number": phone, "date_of_birth": birth_date},
        status=201,
    )
    call(
        "post",
        "/api/v1/customers/",
        {"first_name": "Dup", "phone_number": phone, "date_of_birth": birth_date},
        409,
    )
    call(
        "patch",
        f"/api/v1/customers/{customer['id']}/",
        {"phone_number": new_phone, "date_of_birth": new_birth_date},
    )
    call("get", f"/api/v1/customers/?limit=1&phone={new_phone_e164}")
    call("delete", f"/api/v1/customers/{customer['id']}/")
    call("post", "/api/v1/user/logout/", {"refresh": tokens["refresh"]})
    call("post", "/api/v1/user/token/refresh/", {"refresh": first_refresh}, 401)
    call("post", "/api/v1/user/token/refresh/", {"refresh": tokens["refresh"]}, 401)
    call("get", "/api/v1/user/me/", status=401)  # logout revoked the access token too
    client.credentials()
    tokens = call("post", "/api/v1/user/token/", {"email": "grace@example.com", "password": password})
    seen_tokens += [tokens["access"], tokens["refresh"]]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    if connection.features.can_rollback_ddl:
        # An honest 500: the customers table is really gone (inside a savepoint that is
        # rolled back, so nothing outlives the test) while a create carries personal data.
        with transaction.atomic():
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":  # fire the deferred FK checks first
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("DROP TABLE customers")
            call(
                "post",
                "/api/v1/customers/",
                {"first_name": "Crash", "phone_number": crash_phone, "date_of_birth": crash_birth_date},
                status=500,
            )
            transaction.set_rollback(True)
        assert any(record.exc_info for record in all_logs.records), "the 500 was logged with its traceback"

    written = everything_written(all_logs)
    assert len(access_records(all_logs)) >= 12, "the journey was captured"
    secrets = [password, wrong_password, *seen_tokens]
    personal = [
        user_phone,
        user_phone_e164,
        phone,
        phone_e164,
        new_phone,
        new_phone_e164,
        crash_phone,
        crash_phone_e164,
        birth_date,
        new_birth_date,
        crash_birth_date,
    ]
    for value in secrets + personal:
        assert value not in written, f"{value!r} reached the logs"
    for token in seen_tokens:  # not even a recognisable piece of a token (its signature)
        assert token.rsplit(".", 1)[-1] not in written


@pytest.mark.django_db
def test_a_failing_search_for_a_phone_number_logs_neither_the_number_nor_the_query(all_logs, monkeypatch):
    """Django's own 5xx line (`django.request`) carries the request: it must not bring the
    query string into the JSON log, and it keeps the request's id."""
    from customers.domain.services import CustomerService
    from customers.tests.interface.conftest import client_for
    from users.tests.factories import UserFactory

    def broken(*args, **kwargs):
        raise RuntimeError("the search broke")

    monkeypatch.setattr(CustomerService, "find_customers", broken)
    response = client_for(UserFactory()).get("/api/v1/customers/", {"search": "+1 415 555 0123"})
    assert response.status_code == 500
    written = everything_written(all_logs)
    for secret in ("4155550123", "415 555 0123", "415%20555", "search="):
        assert secret not in written, secret
    (line,) = [r for r in all_logs.records if r.name == "django.request"]
    entry = json.loads(JsonFormatter().format(line))
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"]) == ("GET", "/api/v1/customers/")
    assert "request" not in entry
