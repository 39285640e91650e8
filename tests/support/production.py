"""The environment a production host gives the app, for every test and bench that starts it as a
separate process (manage.py, gunicorn, the container's entrypoint)."""

import os
import secrets
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent

# Variables of the caller's own environment that would change which database, cache or settings
# the started process uses; dropped when the environment is inherited.
_NOT_INHERITED = ("DJANGO_", "DATABASE_", "CACHE_", "PYTEST_")

# Thousands of requests from one client: measure and test the app, not its abuse controls.
UNTHROTTLED = {
    "THROTTLE_ANON": "1000000/min",
    "THROTTLE_USER": "1000000/min",
    "THROTTLE_USER_ADDRESS": "1000000/min",
    "THROTTLE_TOKEN": "1000000/min",
    "THROTTLE_REFRESH": "1000000/min",
    "THROTTLE_REGISTER": "1000000/min",
    "LOGIN_FAILURE_LIMIT": "1000000",
    "LOGIN_ADDRESS_FAILURE_LIMIT": "1000000",
}


def production_env(
    *,
    database_url: str | None = None,
    cache_url: str | None = None,
    allowed_hosts: str = "127.0.0.1",
    behind_tls_proxy: bool = True,
    inherit_environ: bool = False,
    log_format: str = "json",
    **overrides: str,
) -> dict[str, str]:
    """Production settings (DEBUG off, a generated SECRET_KEY) with every variable that matters
    spelled out, so that a developer's `.env` (which never overrides a variable already set)
    cannot change the outcome.

    `behind_tls_proxy`: HTTPS ends at a proxy that sets X-Forwarded-Proto (the deployment);
    otherwise the app is reached over plain HTTP on loopback, without redirects or secure cookies.
    `inherit_environ`: start from the caller's environment (coverage and locale variables pass
    through), without its Django, database, cache and pytest variables. `overrides` win."""
    if inherit_environ:
        env = {key: value for key, value in os.environ.items() if not key.startswith(_NOT_INHERITED)}
    else:
        env = {"PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"}
    env.update(
        DJANGO_SETTINGS_MODULE="CustomerManagementApp.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="False",
        ALLOWED_HOSTS=allowed_hosts,
        LOG_FORMAT=log_format,
        LOG_FILE="",
        # gunicorn.conf.py and the container's entrypoint; command-line flags override them.
        GUNICORN_WORKERS="2",
        GUNICORN_GRACEFUL_TIMEOUT="10",
        WAIT_FOR_DB_TIMEOUT="30",
    )
    if behind_tls_proxy:
        env["SECURE_PROXY_SSL_HEADER"] = "X-Forwarded-Proto"
    else:
        env.update(SECURE_SSL_REDIRECT="False", SESSION_COOKIE_SECURE="False", CSRF_COOKIE_SECURE="False")
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    if cache_url is not None:
        env["CACHE_URL"] = cache_url
    env.update(overrides)
    return env
