"""Throttles answer 429 in the envelope with Retry-After, and count by socket address."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from customers.tests.interface.conftest import client_for
from users.tests.factories import UserFactory


def rates(**overrides):
    base = {
        "anon": "1000/min",
        "user": "1000/min",
        "user_address": "1000/min",
        "token": "1000/min",
        "refresh": "1000/min",
        "register": "1000/min",
    }
    from django.conf import settings

    return {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": base | overrides}


@pytest.mark.django_db
def test_token_endpoint_is_throttled_by_address_not_by_forwarded_header():
    with override_settings(REST_FRAMEWORK=rates(token="3/min")):
        for i in range(3):
            APIClient(REMOTE_ADDR="10.1.0.1").post(
                "/api/v1/user/token/",
                {"email": f"x{i}@example.com", "password": "x"},
                format="json",
                HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
            )
        response = APIClient(REMOTE_ADDR="10.1.0.1").post(
            "/api/v1/user/token/",
            {"email": "y@example.com", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
        assert response.status_code == 429
        body = response.json()
        assert body["status"] == "Failure" and body["errors"][0]["code"] == "throttled"
        assert int(response["Retry-After"]) > 0
        other = APIClient(REMOTE_ADDR="10.1.0.2").post(
            "/api/v1/user/token/", {"email": "y@example.com", "password": "x"}, format="json"
        )
        assert other.status_code == 401


@pytest.mark.django_db
def test_registration_has_its_own_tighter_rate():
    with override_settings(REST_FRAMEWORK=rates(register="2/min")):
        client = APIClient(REMOTE_ADDR="10.2.0.1")
        statuses = [client.post("/api/v1/user/register/", {}, format="json").status_code for _ in range(3)]
        assert statuses == [400, 400, 429]


@pytest.mark.django_db
def test_authenticated_traffic_is_throttled_per_user():
    alice, bob = client_for(UserFactory()), client_for(UserFactory())
    with override_settings(REST_FRAMEWORK=rates(user="2/min")):
        assert [alice.get("/api/v1/customers/").status_code for _ in range(3)] == [200, 200, 429]
        assert bob.get("/api/v1/customers/").status_code == 200


@pytest.mark.django_db
def test_more_accounts_on_one_address_do_not_multiply_the_budget():
    accounts = [client_for(UserFactory()) for _ in range(3)]
    elsewhere = client_for(UserFactory())
    elsewhere.defaults["REMOTE_ADDR"] = "10.7.7.7"
    with override_settings(REST_FRAMEWORK=rates(user="3/min", user_address="4/min")):
        statuses = [client.get("/api/v1/customers/").status_code for client in accounts for _ in range(3)]
        assert statuses.count(200) == 4  # not 3 accounts x 3
        assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}
        assert elsewhere.get("/api/v1/customers/").status_code == 200


@pytest.mark.django_db
def test_health_check_is_never_throttled():
    with override_settings(REST_FRAMEWORK=rates(anon="1/min")):
        client = APIClient()
        assert {client.get("/api/v1/health-check/").status_code for _ in range(5)} == {200}
