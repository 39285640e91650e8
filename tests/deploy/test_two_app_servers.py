"""Two gunicorn servers, one system: the same PostgreSQL and the same Redis cache behind
what would be a load balancer. A session started on one server goes on on the other, and a
logout on one is honoured by both."""

import subprocess
import sys

import pytest

from tests.deploy.conftest import BASE_DIR, redis_cache, requires_services
from tests.support.production import production_env

pytestmark = requires_services

GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "CustomerManagementApp.wsgi"]
REFUSED = (401,)


@pytest.fixture
def cache_url():
    yield from redis_cache(7)


@pytest.fixture
def two_servers(fresh_database, cache_url, start_server):
    env = production_env(database_url=fresh_database, cache_url=cache_url)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    a = start_server(GUNICORN, env, "server-a")
    b = start_server(GUNICORN, env, "server-b")
    a.wait_until_healthy()
    b.wait_until_healthy()
    return a, b


def test_a_session_spans_both_servers_and_a_logout_is_honoured_by_both(two_servers):
    a, b = two_servers
    assert a.port != b.port
    for server in (a, b):
        assert server.call("GET", "/api/v1/health-check/ready/")[0] == 200

    # Register and log in through A.
    status, body = a.call(
        "POST",
        "/api/v1/user/register/",
        {"email": "lin@example.com", "password": "Two-Servers-One-System-1", "first_name": "Lin"},
    )
    assert status == 202, body  # the same answer for a new and a taken address
    status, body = a.call(
        "POST", "/api/v1/user/token/", {"email": "lin@example.com", "password": "Two-Servers-One-System-1"}
    )
    assert status == 200, body
    access, first_refresh = body["data"]["access"], body["data"]["refresh"]

    # The access token issued by A works on B.
    status, body = b.call("GET", "/api/v1/user/me/", token=access)
    assert (status, body["data"]["email"]) == (200, "lin@example.com")

    # A customer created through A is listed by B.
    status, body = a.call(
        "POST",
        "/api/v1/customers/",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "phone_number": "+14155550123",
            "date_of_birth": "1980-12-09",
        },
        token=access,
    )
    assert status == 201, body
    created_id = body["data"]["id"]
    status, body = b.call("GET", "/api/v1/customers/", token=access)
    assert status == 200, body
    assert [c["id"] for c in body["data"]["results"]] == [created_id]
    assert body["data"]["results"][0]["phone_number"] == "+14155550123"

    # Refresh through B: a new pair; the old refresh is now refused on both servers.
    status, body = b.call("POST", "/api/v1/user/token/refresh/", {"refresh": first_refresh})
    assert status == 200, body
    new_access, new_refresh = body["data"]["access"], body["data"]["refresh"]
    for server in (a, b):
        status, body = server.call("POST", "/api/v1/user/token/refresh/", {"refresh": first_refresh})
        assert status in REFUSED, (server.port, body)
        assert body["status"] == "Failure"

    # Log out through B: the refresh it blacklisted, and the access token that called logout
    # (denied in the shared Redis cache), are refused on both servers.
    status, body = b.call("POST", "/api/v1/user/logout/", {"refresh": new_refresh}, token=new_access)
    assert status == 200, body
    for server in (a, b):
        status, body = server.call("GET", "/api/v1/user/me/", token=new_access)
        assert status == 401, (server.port, body)
        status, body = server.call("POST", "/api/v1/user/token/refresh/", {"refresh": new_refresh})
        assert status in REFUSED, (server.port, body)
        status, body = server.call("POST", "/api/v1/user/token/refresh/", {"refresh": first_refresh})
        assert status in REFUSED, (server.port, body)


def test_production_settings_are_live_on_both_servers(two_servers):
    """Plain HTTP (no X-Forwarded-Proto from the proxy) is redirected, HSTS is sent over HTTPS,
    and an unknown Host gets the JSON envelope's 400; probes are exempt from the redirect."""
    for server in two_servers:
        status, _ = server.call("GET", "/api/v1/customers/", headers={"X-Forwarded-Proto": "http"})
        assert status == 301
        assert server.call("GET", "/api/v1/health-check/", headers={"X-Forwarded-Proto": "http"})[0] == 200
        assert server.call("GET", "/api/v1/health-check/")[0] == 200
        assert (
            server.last_headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        )
        assert server.last_headers["X-Content-Type-Options"] == "nosniff"
        status, body = server.call("GET", "/api/v1/customers/", headers={"Host": "evil.example"})
        assert (status, body["errors"][0]["code"]) == (400, "bad_request")
