"""Production settings: the app refuses to start without a real secret, and
`check --deploy` is clean with production variables and nothing silenced."""

import pytest
from django.test import Client

SECRET_KEY_LINE = (
    "ImproperlyConfigured: SECRET_KEY must be set to a random value of at least 32 characters "
    "when DEBUG is off."
)


@pytest.mark.parametrize("secret", ["", "too-short", "django-insecure-" + "x" * 40])
def test_refuses_to_start_without_a_real_secret_key(manage, secret):
    result = manage("check", SECRET_KEY=secret)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [SECRET_KEY_LINE]


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_variables(manage):
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.slow
def test_check_deploy_fails_when_hsts_is_turned_off(manage):
    """The check is real: weakening a setting through the environment is caught."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_log_file_outside_logs_is_refused(manage):
    result = manage("check", LOG_FILE="../escaped.log")

    assert result.returncode == 1
    assert result.stderr.strip() == "ImproperlyConfigured: LOG_FILE must name a file under logs/."


def test_unknown_host_on_the_api_gets_the_json_envelope(db):
    response = Client(HTTP_HOST="evil.example").get("/api/v1/customers/")

    assert response.status_code == 400
    assert response.json() == {
        "status": "Failure",
        "message": "Bad request.",
        "errors": [{"field": None, "code": "bad_request", "message": "Bad request."}],
        "data": None,
    }
    assert response["X-Request-ID"]


def test_liveness_answers_whatever_the_host_so_probes_by_address_work(db):
    response = Client(HTTP_HOST="10.0.0.7:8000").get("/api/v1/health-check/")

    assert response.status_code == 200
    assert response.json()["data"] == {"alive": True}


def test_unknown_host_on_a_page_gets_the_400_page(db):
    response = Client(HTTP_HOST="evil.example").get("/")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.slow
def test_proxy_ssl_header_is_trusted_only_when_asked_for(manage):
    show = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"

    assert manage("shell", "--no-imports", "-c", show, SECURE_PROXY_SSL_HEADER="").stdout.strip() == "None"
    assert manage("shell", "--no-imports", "-c", show).stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


@pytest.mark.slow
def test_check_deploy_refuses_a_per_process_cache(manage):
    result = manage("check", "--deploy", "--fail-level", "WARNING", CACHE_URL="locmemcache://")

    assert result.returncode != 0
    assert "common.W001" in result.stderr


@pytest.mark.slow
def test_check_deploy_warns_when_a_proxy_header_is_set_but_no_proxy_is_trusted(manage):
    """Behind the TLS proxy every client would otherwise share the proxy's address."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", TRUSTED_PROXY_COUNT="0")

    assert result.returncode != 0
    assert "common.W002" in result.stderr
    assert "TRUSTED_PROXY_COUNT" in result.stderr


@pytest.mark.slow
def test_check_deploy_does_not_ask_for_a_proxy_count_without_a_proxy(manage):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", TRUSTED_PROXY_COUNT="0", SECURE_PROXY_SSL_HEADER=""
    )

    assert "common.W002" not in result.stdout + result.stderr
