"""The client generated from the served schema (bravado, strict validation of every request and
response body), with the check of the response headers bravado does not read."""

import http.client
import re
from typing import Any

from bravado.client import SwaggerClient
from bravado.exception import HTTPError
from bravado.requests_client import RequestsClient

from tests.support.server import RunningApp

STRICT = {
    "validate_swagger_spec": True,
    "validate_requests": True,
    "validate_responses": True,
    "use_models": False,
    "include_missing_properties": False,
}
REGISTER_LIMIT = 4


class Api:
    """The generated client, plus the headers check bravado does not do."""

    def __init__(self, app: RunningApp, token: str | None = None) -> None:
        http = RequestsClient()
        if token:
            host = app.base.removeprefix("http://")
            http.set_api_key(host, f"Bearer {token}", param_name="Authorization", param_in="header")
        self.client = SwaggerClient.from_url(f"{app.base}/swagger.json", http_client=http, config=STRICT)
        self.spec = self.client.swagger_spec.spec_dict

    def call(self, resource: str, operation: str, **params: Any) -> tuple[int, Any, dict[str, str]]:
        method = getattr(getattr(self.client, resource), operation)
        try:
            answer = method(**params).response(timeout=20)
            result, response = answer.result, answer.incoming_response
        except HTTPError as error:
            result, response = error.swagger_result, error.response
        headers = dict(response.headers)
        self._check_headers(method.operation, response.status_code, headers)
        return response.status_code, result, headers

    def _check_headers(self, operation: Any, status: int, headers: dict[str, str]) -> None:
        declared = operation.op_spec["responses"][str(status)].get("headers", {})
        assert "X-Request-ID" in declared and headers.get("X-Request-ID"), (operation.operation_id, status)
        lowered = {name.lower(): value for name, value in headers.items()}
        for name, schema in declared.items():
            value = lowered.get(name.lower())
            if value is None:
                continue
            if schema["type"] == "integer":
                assert re.fullmatch(r"[0-9]+", value) and int(value) >= schema.get("minimum", 0), (
                    name,
                    value,
                )
            if "enum" in schema:
                assert value in schema["enum"], (name, value)
        sent = {name.lower() for name in headers}
        for name in (
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "retry-after",
            "etag",
        ):
            if name in sent:
                assert name in {n.lower() for n in declared}, (
                    f"{operation.operation_id} {status} sends undeclared {name}"
                )


def failure(body: Any, status: int, expected: int, code: str) -> dict[str, Any]:
    assert status == expected, body
    assert body["status"] == "Failure" and body["data"] is None
    assert code in [item["code"] for item in body["errors"]], body
    return body


def raw_get(app: RunningApp, target: str) -> tuple[int, dict[str, str], bytes]:
    """One plain HTTP/1.1 GET (http.client neither shortens nor refuses a long target)."""
    host, port = app.base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        connection.request("GET", target)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()
