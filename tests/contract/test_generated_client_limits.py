"""Through the generated client and real gunicorn, the limits answer in the JSON envelope: a
throttled endpoint's 429 with its rate-limit headers, and a request line over 4 KB."""

import json
import uuid

import pytest

from tests.contract.generated_client import REGISTER_LIMIT, Api, failure, raw_get
from tests.support.server import RunningApp


def test_a_throttled_endpoint_answers_429_in_the_envelope_with_its_headers(app: RunningApp) -> None:
    anonymous = Api(app)
    remaining = []
    for attempt in range(REGISTER_LIMIT + 1):
        body_in = {
            "email": f"burst{attempt}-{uuid.uuid4().hex[:6]}@example.com",
            "password": "Tr0ub4dor&3x!",
            "first_name": "Bo",
        }
        status, body, headers = anonymous.call("user", "user_register_create", data=body_in)
        remaining.append(int(headers["X-RateLimit-Remaining"]))
        if status == 429:
            break
    failure(body, status, 429, "throttled")
    assert int(headers["Retry-After"]) > 0 and headers["X-RateLimit-Remaining"] == "0"
    assert headers["X-RateLimit-Limit"] == str(REGISTER_LIMIT) and 0 < int(headers["X-RateLimit-Reset"]) <= 60
    assert remaining == sorted(remaining, reverse=True) and remaining[-1] == 0


@pytest.mark.parametrize("size", [4200, 8000])
def test_a_request_line_over_4_kb_gets_the_json_envelope_through_gunicorn(app: RunningApp, size: int) -> None:
    target = "/api/v1/customers/?search=" + "a" * (size - len("GET /api/v1/customers/?search= HTTP/1.1"))
    status, headers, body = raw_get(app, target)
    assert status == 414 and headers["Content-Type"] == "application/json"
    envelope = json.loads(body)
    assert envelope["status"] == "Failure" and envelope["errors"][0]["code"] == "uri_too_long"
    assert headers.get("X-Request-ID")
    ok_status, _, _ = raw_get(app, "/api/v1/health-check/?" + "a" * 3000)
    assert ok_status == 200  # under the limit: served as usual
