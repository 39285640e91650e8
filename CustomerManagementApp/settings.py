"""Settings for the Customer Management App.

Everything that differs between machines comes from the environment (django-environ);
`.env.example` documents every variable. Each concern has its module in settings_parts/
(environment.py holds `env` and the values the others build on); this module puts them
together, in order, and is where a new block of settings goes when no part fits it.
"""

import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from CustomerManagementApp.settings_parts.accounts import *  # noqa: F403
from CustomerManagementApp.settings_parts.api import *  # noqa: F403
from CustomerManagementApp.settings_parts.api import REST_FRAMEWORK, SWAGGER_SETTINGS
from CustomerManagementApp.settings_parts.cache import *  # noqa: F403
from CustomerManagementApp.settings_parts.core import *  # noqa: F403
from CustomerManagementApp.settings_parts.core import INSTALLED_APPS, STORAGES
from CustomerManagementApp.settings_parts.database import *  # noqa: F403
from CustomerManagementApp.settings_parts.environment import *  # noqa: F403
from CustomerManagementApp.settings_parts.environment import DEBUG, SECRET_KEY, env
from CustomerManagementApp.settings_parts.limits import *  # noqa: F403
from CustomerManagementApp.settings_parts.logs import *  # noqa: F403
from CustomerManagementApp.settings_parts.retention import *  # noqa: F403
from CustomerManagementApp.settings_parts.security import *  # noqa: F403

# --- Production security (`manage.py check --deploy` is clean with DEBUG off) -------------
# Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER to the header it sets
# (e.g. X-Forwarded-Proto); leave it empty when clients could send that header themselves.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Probes talk plain HTTP to the app server itself.
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health-check/"]
_proxy_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Background tasks (django-tasks; README "Background jobs") ------------------------------
# `database` (default): tasks wait in the database for `manage.py db_worker` (SQLite on one box,
# PostgreSQL or MariaDB for many). `immediate`: each task runs in the process that queued it,
# right after its transaction commits (development without a worker).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _task_backends:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'immediate'.")
TASKS = {"default": {"BACKEND": _task_backends[TASKS_BACKEND]}}
# Retries (common/tasks.py): attempt n failing waits min(BASE · 2^(n-1), MAX) seconds.
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=5)
TASKS_RETRY_BASE_SECONDS = env.float("TASKS_RETRY_BASE_SECONDS", default=30.0)
TASKS_RETRY_MAX_SECONDS = env.float("TASKS_RETRY_MAX_SECONDS", default=6 * 3600.0)

# --- Integrations: API keys and webhooks (README "Integrations") ------------------------------
INSTALLED_APPS += ["integrations"]
# `Authorization: Api-Key <key>` beside the JWT Bearer; the policy limits what a key may do.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    *REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"],
    "integrations.authentication.ApiKeyAuthentication",
]
REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] = [
    *REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"],
    "integrations.authentication.ApiKeyPolicy",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    *REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"],
    "integrations.authentication.ApiKeyThrottle",
]
# Requests per API key (the owner's per-user limit counts them too).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    "api_key": env.str("THROTTLE_API_KEY", default="300/min"),
}
# The server pepper of the keys' stored HMAC. Changing it invalidates every API key.
API_KEY_PEPPER = env.str("API_KEY_PEPPER", default="") or SECRET_KEY
# A key's last-used time is written at most once per this many seconds.
API_KEY_LAST_USED_PRECISION = env.int("API_KEY_LAST_USED_PRECISION", default=60)
SWAGGER_SETTINGS["SECURITY_DEFINITIONS"] = {
    **SWAGGER_SETTINGS["SECURITY_DEFINITIONS"],  # type: ignore[dict-item]
    "ApiKey": {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "description": (
            "An API key made at `POST /api/v1/api-keys/` or on the account page. The header value "
            "is the word `Api-Key`, a space and the key: `Authorization: Api-Key cmk_1a2b3c4d.…`. "
            "Keys reach the customer endpoints only; a `read` key gets 403 `insufficient_scope` "
            "on writes."
        ),
    },
}
# Every operation names the schemes it takes (common.schema_contract); none is implied.
SWAGGER_SETTINGS["SECURITY_REQUIREMENTS"] = [{"Bearer": []}]
# Webhooks. Changes to a customer book are announced to its webhook endpoints (integrations.webhooks).
CUSTOMER_EVENT_PUBLISHER = "integrations.webhooks.webhook_publisher"
# Development and tests only: allow http and endpoints on private, loopback and link-local
# addresses. Off in production: such URLs are refused at registration and at every delivery.
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env.bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", default=False)
# Seconds an endpoint has to answer one delivery.
WEBHOOKS_TIMEOUT_SECONDS = env.float("WEBHOOKS_TIMEOUT_SECONDS", default=10.0)
# Attempts per delivery, waiting BASE · 2^(n-1) seconds (at most MAX) after failed attempt n:
# 1 min doubling to 6 h, 20 attempts ≈ 3 days; then the endpoint is turned off and its owner emailed.
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=20)
WEBHOOKS_RETRY_BASE_SECONDS = env.float("WEBHOOKS_RETRY_BASE_SECONDS", default=60.0)
WEBHOOKS_RETRY_MAX_SECONDS = env.float("WEBHOOKS_RETRY_MAX_SECONDS", default=6 * 3600.0)
# Hours a rotated-out signing secret keeps signing beside the new one.
WEBHOOKS_SECRET_OVERLAP_HOURS = env.int("WEBHOOKS_SECRET_OVERLAP_HOURS", default=24)
# Jobs (common/jobs.py): their files (an import's upload, progress, a cancel) live in the storage
# named by JOB_FILES_STORAGE, which every app server and worker must reach. The default is a
# directory on this machine (JOB_FILES_DIR); for several hosts, point it at a shared one, or add
# a shared storage to STORAGES (e.g. S3 through django-storages) and name it here.
JOB_FILES_STORAGE = env.str("JOB_FILES_STORAGE", default="jobs")
STORAGES["jobs"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {  # type: ignore[dict-item]
        "location": env.path("JOB_FILES_DIR", default=str(Path(tempfile.gettempdir()) / "cma-job-files")),
        "file_permissions_mode": 0o600,
        "directory_permissions_mode": 0o700,
    },
}
JOB_PROGRESS_SECONDS = env.float("JOB_PROGRESS_SECONDS", default=0.5)
JOB_MAX_ERRORS = env.int("JOB_MAX_ERRORS", default=1000)  # per-row problems kept on a job
# An import job reads its file a row at a time, so it takes far more rows than `import/`
# (the file's size is still bounded by CUSTOMER_IMPORT_MAX_BYTES, the largest upload).
CUSTOMER_IMPORT_JOB_MAX_ROWS = env.int("CUSTOMER_IMPORT_JOB_MAX_ROWS", default=1_000_000)
# An export job's file can be downloaded this long through its signed link, then is deleted.
JOB_DOWNLOAD_HOURS = env.int("JOB_DOWNLOAD_HOURS", default=24)
