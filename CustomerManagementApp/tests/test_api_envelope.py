"""Every API answer, success or failure, is the one envelope with a request id."""

import json

import pytest
from django.test import override_settings
from django.urls import path

from common.api import BaseApi
from customers.tests.interface.conftest import client_for
from users.tests.factories import UserFactory

LIST = "/api/v1/customers/"


def assert_failure(response, status, code=None):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"status", "message", "errors", "data"}
    assert body["status"] == "Failure"
    assert body["data"] is None
    assert body["errors"] and all(set(e) == {"field", "code", "message"} for e in body["errors"])
    if code:
        assert code in {e["code"] for e in body["errors"]}
    assert response["X-Request-ID"]
    return body


@pytest.fixture
def as_user(db):
    return client_for(UserFactory())


def test_health_check_needs_no_auth(api_client):
    response = api_client.get("/api/v1/health-check/")
    assert response.status_code == 200
    assert response.json() == {"status": "Success", "message": "OK", "errors": [], "data": {"alive": True}}


def test_unknown_api_path_is_a_404_envelope(api_client, db):
    assert_failure(api_client.get("/api/v1/nope/"), 404, "not_found")


def test_method_not_allowed_is_405_envelope(as_user):
    body = assert_failure(as_user.delete(LIST), 405, "method_not_allowed")
    assert "DELETE" in body["message"]
    assert_failure(as_user.get("/api/v1/customers/add/"), 405)


def test_malformed_json_is_400(as_user):
    response = as_user.generic("POST", LIST, "{not json", content_type="application/json")
    assert_failure(response, 400, "parse_error")


def test_wrong_content_type_is_415(as_user):
    response = as_user.generic(
        "POST", LIST, "first_name=Ada", content_type="application/x-www-form-urlencoded"
    )
    assert_failure(response, 415, "unsupported_media_type")


def test_a_json_array_body_is_a_clear_400(as_user):
    response = as_user.generic("POST", LIST, json.dumps([1, 2]), content_type="application/json")
    assert_failure(response, 400)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_oversized_body_is_413(as_user):
    body = json.dumps({"first_name": "A" * 5000})
    assert_failure(as_user.generic("POST", LIST, body, content_type="application/json"), 413, "too_large")


class ExplodingApi(BaseApi):
    authentication_classes: list[type] = []
    permission_classes: list[type] = []

    def get(self, request):
        raise RuntimeError("secret internal detail")


urlpatterns = [path("api/v1/explode/", ExplodingApi.as_view())]


@override_settings(ROOT_URLCONF=__name__)
def test_unexpected_errors_are_a_generic_500_naming_only_the_request_id(api_client, db):
    response = api_client.get("/api/v1/explode/", HTTP_X_REQUEST_ID="trace-abc-12345")
    body = assert_failure(response, 500, "server_error")
    assert "secret internal detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert "trace-abc-12345" in body["message"]
    assert response["X-Request-ID"] == "trace-abc-12345"


def test_a_sane_incoming_request_id_is_echoed_and_a_hostile_one_replaced(api_client, db):
    assert api_client.get("/api/v1/health-check/", HTTP_X_REQUEST_ID="abc-DEF_123.45")["X-Request-ID"] == (
        "abc-DEF_123.45"
    )
    hostile = api_client.get("/api/v1/health-check/", HTTP_X_REQUEST_ID="x\r\nSet-Cookie: a=b")
    assert hostile["X-Request-ID"] != "x\r\nSet-Cookie: a=b"
    assert len(hostile["X-Request-ID"]) == 32


def test_schema_and_docs_are_served_locally(api_client, db):
    schema = api_client.get("/swagger.json")
    assert schema.status_code == 200
    spec = schema.json()
    assert spec["securityDefinitions"]["Bearer"] == {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "description": (
            "JWT access token from `POST /api/v1/user/token/`. The header value is the word "
            "`Bearer`, a space and the token: `Authorization: Bearer eyJhbGciOi…`."
        ),
    }
    create = spec["paths"]["/customers/"]["post"]
    assert {"201", "400", "401", "409", "415", "429", "500"} <= set(create["responses"])
    detail = spec["paths"]["/customers/{customer_id}/"]
    assert {"200", "401", "404"} <= set(detail["get"]["responses"])
    assert "FailureEnvelope" in spec["definitions"]
    assert api_client.get("/swagger.yaml").status_code == 200
    for page in ("/swagger/", "/redoc/"):
        html = api_client.get(page).content.decode()
        assert "drf-yasg" in html or "swagger" in html.lower()
        assert "cdn" not in html.lower() and "https://" not in html
