"""The response headers the schema declares are the ones the API sends."""

from tests.contract.schema_support import operations


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
