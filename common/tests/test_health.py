"""Liveness stays cheap; readiness really checks the database and the cache and names the
part that fails. Failures are real (a closed port), not mocks."""

import socket

import pytest
from django.core.cache import caches
from django.db import connections
from django.db.utils import load_backend
from rest_framework.test import APIRequestFactory

from common.health import HealthCheckApi

LIVENESS = "/api/v1/health-check/"
READINESS = "/api/v1/health-check/ready/"


def closed_port() -> int:
    """A local port nothing listens on: bind, read the number, close."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def cache_on_a_closed_port(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/5",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    yield
    caches["default"].close()


def test_liveness_touches_neither_database_nor_cache(api_client, cache_on_a_closed_port):
    # No `db` fixture: pytest-django fails the test on any database access.
    response = api_client.get(LIVENESS)

    assert response.status_code == 200
    assert response.json()["data"] == {"alive": True}


@pytest.mark.django_db
def test_readiness_answers_200_when_database_and_cache_work(api_client):
    response = api_client.get(READINESS)

    assert response.status_code == 200
    assert response.json() == {
        "status": "Success",
        "message": "Ready",
        "errors": [],
        "data": {"database": "ok", "cache": "ok"},
    }


@pytest.mark.django_db
def test_readiness_names_the_cache_when_redis_is_unreachable(api_client, cache_on_a_closed_port):
    response = api_client.get(READINESS)

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "Failure"
    assert body["data"] is None
    assert body["errors"] == [
        {"field": "cache", "code": "service_unavailable", "message": "The cache is unavailable."}
    ]


@pytest.mark.django_db
def test_readiness_names_the_database_when_it_is_unreachable(api_client):
    """The default connection is swapped for a real PostgreSQL connection to a closed port,
    so the driver really fails to connect."""
    unreachable = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "NAME": "cma_prod_unreachable",
        "USER": "postgres",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 1},
    }
    original = connections["default"]
    connections["default"] = load_backend(unreachable["ENGINE"]).DatabaseWrapper(unreachable, "default")
    try:
        response = api_client.get(READINESS)
    finally:
        connections["default"].close()
        connections["default"] = original

    assert response.status_code == 503
    assert [error["field"] for error in response.json()["errors"]] == ["database"]


def test_health_check_touches_no_database(api_client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert api_client.get("/api/v1/health-check/").status_code == 200


def test_liveness_short_cut_answers_exactly_what_the_api_view_would(api_client, db):
    fast = api_client.get("/api/v1/health-check/")
    view = HealthCheckApi.as_view()(APIRequestFactory().get("/api/v1/health-check/"))
    view.render()
    assert fast.status_code == view.status_code == 200
    assert fast.content == view.content
    assert fast["Content-Type"] == view["Content-Type"] == "application/json"
    assert fast["X-Request-ID"]
    assert api_client.head("/api/v1/health-check/").status_code == 200
    refused = api_client.post("/api/v1/health-check/", {}, format="json")
    assert refused.status_code == 405 and refused.json()["status"] == "Failure"
