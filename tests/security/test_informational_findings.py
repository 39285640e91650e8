"""Issue 14's informational findings, where we changed something: quoted email local parts
are refused at registration, the public schema is cheap to fetch, and a client's request id
is echoed only when it is a plain token."""

import statistics
import time

import pytest
from rest_framework.test import APIClient

from users.models import User


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ['"<b>hi</b>"@example.com', '"<script>alert(1)</script>"@example.com']
)
def test_a_quoted_local_part_is_refused_at_registration(email):
    response = APIClient().post(
        "/api/v1/user/register/",
        {"email": email, "password": "a-long-unusual-passphrase-42", "first_name": "Eve"},
        format="json",
    )
    assert response.status_code == 400
    assert ("email", "invalid") in {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_public_schema_is_built_once_then_served_from_the_cache():
    client = APIClient()
    first = client.get("/swagger.json")
    assert first.status_code == 200
    assert first.json()["swagger"] == "2.0"
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        again = client.get("/swagger.json")
        timings.append(time.perf_counter() - started)
        assert again.content == first.content
    assert statistics.median(timings) < 0.02, timings


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "echoed"), [("trace-0123456789", True), ("<script>", False), ("a" * 200, False)]
)
def test_a_client_request_id_is_echoed_only_when_it_is_a_plain_token(sent, echoed):
    response = APIClient().get("/api/v1/health-check/", HTTP_X_REQUEST_ID=sent)
    assert (response["X-Request-ID"] == sent) is echoed
