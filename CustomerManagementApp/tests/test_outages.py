"""Outages are 503s, not bugs: with the cache or the database really unreachable (a closed
port, so the driver really fails), the API answers the 503 envelope (`service_unavailable`,
`Retry-After`) and the pages the 503 page; throttles fail open, so without Redis the API works.
The same faults under load through gunicorn: tests/resilience/test_outages.py."""

import socket
import time

import pytest
from django.core.cache import caches
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from users.tests.factories import PASSWORD, UserFactory


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_outage_envelope(response, field: str) -> None:
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == "Failure"
    assert body["data"] is None
    assert [(e["field"], e["code"]) for e in body["errors"]] == [(field, "service_unavailable")]
    assert "unavailable" in body["message"]


@pytest.fixture
def redis_down(settings):
    """The shared cache on a port nothing listens on, with the production timeouts."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/13",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    yield
    caches["default"].close()


@pytest.fixture
def database_down():
    """The default connection swapped for a real PostgreSQL connection to a closed port."""
    unreachable = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "NAME": "cma_h21_unreachable",
        "USER": "postgres",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 1},
    }
    original = connections["default"]
    connections["default"] = load_backend(unreachable["ENGINE"]).DatabaseWrapper(unreachable, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original


@pytest.fixture
def client():
    """The test client, answering as the server would instead of re-raising the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def user(db):
    return UserFactory(email="outage@example.com")


def test_redis_down_leaves_the_api_working(api_client, user, redis_down):
    """Only throttle counters live in the cache, and throttles fail open; the lockout and the
    revoked tokens are in the database."""
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    api_client.get("/api/v1/customers/")  # the first request of a process imports the views

    started = time.monotonic()
    response = api_client.get("/api/v1/customers/")

    assert response.status_code == 200, response.content
    assert time.monotonic() - started < 0.5


def test_redis_down_lets_logins_and_registrations_through(api_client, user, redis_down):
    """Registration and login are throttled per address (counters in the cache): the throttles
    fail open, and the lockout still counts, in the database."""
    registered = api_client.post(
        "/api/v1/user/register/",
        {"email": "new@example.com", "password": "An-Outage-Is-No-Reason-1", "first_name": "New"},
        format="json",
    )
    login = api_client.post("/api/v1/user/token/", {"email": user.email, "password": PASSWORD}, format="json")

    assert registered.status_code == 202, registered.content
    assert login.status_code == 200, login.content


def test_redis_down_is_a_503_where_the_cache_is_needed(client, db, redis_down):
    """The schema is served from the cache: without it, the 503 page with Retry-After, not a 500."""
    response = client.get("/swagger.json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.content.decode()


def test_database_down_answers_503_on_the_api(api_client, user, database_down):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")

    response = api_client.get("/api/v1/customers/")

    assert_outage_envelope(response, "database")


def test_database_down_shows_the_503_page(client, user, database_down):
    """The session, the signed-in user and flash messages all live in the database: the page
    renders without them."""
    client.cookies["sessionid"] = "x" * 32

    response = client.get("/customer/dashboard/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Temporarily unavailable" in response.content.decode()
    assert "Log out" not in response.content.decode()


def test_a_bug_in_the_database_layer_stays_a_500(api_client, user, django_db_blocker):
    """Only outages become 503: SQLite's "no such table" (a bug) is an OperationalError too."""
    from django.db import DatabaseError, OperationalError

    from common.error_mapping import outage_for

    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_h21")
    except DatabaseError as error:
        bug = error
    assert isinstance(bug, DatabaseError)
    if connections["default"].vendor == "sqlite":
        assert isinstance(bug, OperationalError)
    assert outage_for(bug) is None
