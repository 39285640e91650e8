"""Settings for the Customer Management App.

Everything that differs between machines comes from the environment (django-environ);
`.env.example` documents every variable. DEBUG is off unless asked for, and with it off the
app refuses to start without a real SECRET_KEY.
"""

import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_INSECURE_KEY_PREFIX = "django-insecure-"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not DEBUG and (len(SECRET_KEY) < 32 or SECRET_KEY.startswith(_INSECURE_KEY_PREFIX)):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
    )
if not SECRET_KEY:
    SECRET_KEY = _INSECURE_KEY_PREFIX + "local-development-only-key-0123456789"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin, requiring a verified second factor from staff when ADMIN_REQUIRE_2FA is on.
    "users.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_yasg",
    "phonenumber_field",
    "axes",
    "csp",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "common",
    "users",
    "customers",
]

# --- Pages: every form renders through one template pack; flash levels map to Bootstrap -----
INSTALLED_APPS += ["crispy_forms", "crispy_bootstrap5"]
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {40: "danger"}  # messages.ERROR → Bootstrap's alert-danger

MIDDLEWARE = [
    "CustomerManagementApp.middlewares.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "CustomerManagementApp.middlewares.RequestLineLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.http.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "common.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "CustomerManagementApp.urls"
WSGI_APPLICATION = "CustomerManagementApp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "users.context_processors.account_notices",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
_engine = DATABASES["default"]["ENGINE"]
if _engine == "django.db.backends.sqlite3":
    # WAL + a busy timeout + immediate transactions: concurrent writers wait instead of failing
    # with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif _engine == "django.db.backends.mysql":
    import pymysql

    pymysql.install_as_MySQLdb()
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"}
    )
    DATABASES["default"]["TEST"] = {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database host that does not answer fails a new connection within this many seconds (a 503),
# instead of holding the request until gunicorn kills the worker.
if _engine in ("django.db.backends.postgresql", "django.db.backends.mysql"):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Performance (docs/PERFORMANCE.md) -----------------------------------------------------
# Keep connections across requests (health-checked) unless CONN_MAX_AGE says otherwise: a new
# connection per request costs SQLite its PRAGMAs and PostgreSQL a whole handshake.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Liveness probes are answered right after the request id and the security headers are set
# (HSTS, nosniff), before sessions, CSRF, auth and DRF.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "common.health.LivenessMiddleware",
)
# Argon2id first (users/hashers.py: memory-hard, ~20 ms per login instead of PBKDF2's
# ~250 ms). The others still verify existing hashes, which are upgraded on next login.
PASSWORD_HASHERS = [
    "users.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# --- Cache ------------------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # A down or hung Redis costs a request at most these many seconds (redis-py has no timeout
    # by default), then the request meets the outage rule of its cache use (README, "Outages").
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
            "SOCKET_TIMEOUT": env.float("CACHE_READ_TIMEOUT", default=0.5),
        }
    )
# Readiness reports a SQLite database whose disk has less free space than this as out of disk.
READINESS_MIN_FREE_MB = env.int("READINESS_MIN_FREE_MB", default=64)
# Seconds a 503 (a dependency unavailable) tells clients to wait before retrying.
SERVICE_UNAVAILABLE_RETRY_AFTER = env.int("SERVICE_UNAVAILABLE_RETRY_AFTER", default=5)

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "customers:dashboard"
LOGOUT_REDIRECT_URL = "users:login"
AUTHENTICATION_BACKENDS = [
    "users.lockout.LoginGuardBackend",
    "users.authentication.UserBackend",
]
# At least 12 characters, not only blanks, not one of the 20,000 most common passwords (Django's
# own list, checked offline), not all digits, not close to the name or email.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "users.password_validation.NotOnlyWhitespaceValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Browser sessions end after SESSION_IDLE_MINUTES without a request and, whatever the activity,
# SESSION_MAX_AGE_DAYS after the login (common.sessions.SessionLifetimeMiddleware).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=120))
SESSION_ABSOLUTE_LIFETIME = timedelta(days=env.int("SESSION_MAX_AGE_DAYS", default=7))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())

# --- Accounts: email, reset, verification, two-factor (README "Accounts") ----------------
# consolemail:// prints every message (the default for `make run`); smtp+tls://user:pass@host:587
# or smtp+ssl://…:465 sends for real.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
if _email["EMAIL_FILE_PATH"]:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Deliver from a small thread pool after the response's transaction commits, so a slow or
# failing mail server never holds up (or breaks) a request; off: deliver in the request.
EMAIL_SEND_IN_BACKGROUND = env.bool("EMAIL_SEND_IN_BACKGROUND", default=True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Customer Manager <noreply@localhost>")
# The site address put into emailed links (scheme and host, no trailing slash); empty: the
# address of the request that caused the email.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)
# Reset emails per account (per address typed) and per client address, each per hour.
PASSWORD_RESET_PER_ACCOUNT = env.int("PASSWORD_RESET_PER_ACCOUNT", default=3)
PASSWORD_RESET_PER_CLIENT = env.int("PASSWORD_RESET_PER_CLIENT", default=20)
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional")
if ACCOUNT_EMAIL_VERIFICATION not in ("none", "optional", "mandatory"):
    raise ImproperlyConfigured("ACCOUNT_EMAIL_VERIFICATION must be none, optional or mandatory.")
ACCOUNT_EMAIL_VERIFICATION_TIMEOUT = env.int("ACCOUNT_EMAIL_VERIFICATION_TIMEOUT", default=3 * 24 * 3600)
# Verification emails resent per account per hour.
ACCOUNT_EMAIL_RESEND_PER_HOUR = env.int("ACCOUNT_EMAIL_RESEND_PER_HOUR", default=3)
# Staff reach the admin only after a second factor (enrol on /account/ first).
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Customer Manager")
# How long the step between password and code may take on the web login.
TWO_FACTOR_LOGIN_TIMEOUT = env.int("TWO_FACTOR_LOGIN_TIMEOUT", default=300)
RECOVERY_CODE_COUNT = 10
# Passkeys (django-otp-webauthn) as a second factor, for the origins people use the site at
# (default: SITE_URL, else `make run`'s http://localhost:8000; browsers allow plain http only on
# localhost). The relying party id is the first origin's host name: passkeys are bound to it.
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("WEBAUTHN_ORIGINS", default=[SITE_URL or "http://localhost:8000"])
OTP_WEBAUTHN_RP_ID = env.str(
    "WEBAUTHN_RP_ID", default=urlsplit(OTP_WEBAUTHN_ALLOWED_ORIGINS[0]).hostname or ""
)
OTP_WEBAUTHN_RP_NAME = OTP_TOTP_ISSUER
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = env.str("PHONENUMBER_DEFAULT_REGION", default="US")

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Request size ---------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
# The anonymous account endpoints (register, token, refresh, logout) take a few short fields.
AUTH_MAX_BODY_BYTES = env.int("AUTH_MAX_BODY_BYTES", default=16 * 1024)
# More keys in one JSON object than any operation accepts is refused while parsing (common/parsers.py).
JSON_MAX_OBJECT_KEYS = 50

# --- Customer import, export and trash -------------------------------------------
CUSTOMER_IMPORT_MAX_BYTES = env.int("CUSTOMER_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
CUSTOMER_IMPORT_MAX_ROWS = env.int("CUSTOMER_IMPORT_MAX_ROWS", default=20_000)
CUSTOMER_PURGE_AFTER_DAYS = env.int("CUSTOMER_PURGE_AFTER_DAYS", default=30)
# The largest file any form takes; larger uploads stop before they are stored (common/uploads.py).
UPLOAD_MAX_BYTES = CUSTOMER_IMPORT_MAX_BYTES
FILE_UPLOAD_HANDLERS = [
    "common.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Retention of personal data (README "Data we keep") ---------------------------
# `manage.py purge_expired_data` (hourly) erases what is past these; see also the trash above.
# Where import uploads wait between preview and confirm (private to the app's user, 0600 files);
# with several app hosts, a directory they share, or sticky sessions.
CUSTOMER_IMPORT_UPLOAD_DIR = env.path(
    "CUSTOMER_IMPORT_UPLOAD_DIR", default=str(Path(tempfile.gettempdir()) / "cma-customer-imports")
)
CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES = env.int("CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES", default=60)
LOGIN_RECORD_RETENTION_DAYS = env.int("LOGIN_RECORD_RETENTION_DAYS", default=30)
# Answers kept for Idempotency-Key replays (they hold the created customer).
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)

# --- Browser security headers ---------------------------------------------------------------
# Pages load only their own static files: no inline script or style anywhere. Swagger UI and
# ReDoc get the two relaxations they need on their own views (see CustomerManagementApp.urls).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Database sessions, read by primary key through SQL built once (common/sessions.py).
SESSION_ENGINE = "common.sessions"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Abuse controls -------------------------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For. 0: the client
# address is the socket's, and a forged header changes nothing.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Failed logins across the web login, the admin and the token endpoint (users/lockout.py):
# a hard lock on the pair (account, address), a much higher limit per address, and a delay
# that grows per account instead of a wall, so that nobody can lock anyone else out. Counted
# in the database (axes' AccessAttempt rows): every worker and host counts together, with or
# without a shared cache, and a lost cache forgets nothing.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# A refused attempt neither counts nor extends the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=100)
# More failures than one address can cause alone before an account slows down.
LOGIN_ACCOUNT_DELAY_AFTER = env.int("LOGIN_ACCOUNT_DELAY_AFTER", default=2 * AXES_FAILURE_LIMIT)
LOGIN_ACCOUNT_DELAY_MAX_SECONDS = env.int("LOGIN_ACCOUNT_DELAY_MAX_SECONDS", default=60)
AXES_USERNAME_CALLABLE = "users.lockout.lockout_username"
AXES_LOCKOUT_CALLABLE = "CustomerManagementApp.exceptions.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The same client address as the throttles (DRF's NUM_PROXIES rule: the entry the nearest
# trusted proxy appended), not ipware's left-most entry, which a client can write itself.
AXES_CLIENT_IP_CALLABLE = "common.throttles.client_address"

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "users.authentication.RevocableJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["CustomerManagementApp.renderers.EnvelopeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["common.parsers.LimitedJSONParser"],
    "EXCEPTION_HANDLER": "CustomerManagementApp.exceptions.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
    "DEFAULT_THROTTLE_CLASSES": [
        "common.throttles.AnonThrottle",
        "common.throttles.UserThrottle",
        "common.throttles.UserAddressThrottle",
        "common.throttles.ScopedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="60/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        # All users on one address together: more accounts do not buy a bigger budget.
        "user_address": env.str("THROTTLE_USER_ADDRESS", default="1200/min"),
        "token": env.str("THROTTLE_TOKEN", default="10/min"),
        "refresh": env.str("THROTTLE_REFRESH", default="30/min"),
        "register": env.str("THROTTLE_REGISTER", default="5/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=1)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    # Tokens carry a digest of the password hash: changing the password revokes them all.
    "CHECK_REVOKE_TOKEN": True,
    "REVOKE_TOKEN_CLAIM": "pwd",
}

# The generated schema is served from the cache for this long (it changes only with a deploy).
SCHEMA_CACHE_SECONDS = env.int("SCHEMA_CACHE_SECONDS", default=600)

SWAGGER_SETTINGS = {
    "USE_SESSION_AUTH": False,
    "LOGIN_URL": "/",
    "LOGOUT_URL": "/user/logout/",
    "SECURITY_DEFINITIONS": {
        "Bearer": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "description": (
                "JWT access token from `POST /api/v1/user/token/`. The header value is the word "
                "`Bearer`, a space and the token: `Authorization: Bearer eyJhbGciOi…`."
            ),
        }
    },
    "DEFAULT_INFO": "CustomerManagementApp.api_docs.API_INFO",
    "DEFAULT_GENERATOR_CLASS": "common.schema_contract.ContractSchemaGenerator",
    # Swagger UI opens each body and response on its example; vendor extensions (x-links,
    # x-nullable) stay in the schema for tools and out of the page.
    "DEFAULT_MODEL_RENDERING": "example",
    "SHOW_EXTENSIONS": False,
    "DEFAULT_FIELD_INSPECTORS": [
        "common.schema_inspectors.StrictInputInspector",
        "common.schema_inspectors.SchemaHintInspector",
        "drf_yasg.inspectors.CamelCaseJSONFilter",
        "drf_yasg.inspectors.RecursiveFieldInspector",
        "drf_yasg.inspectors.ReferencingSerializerInspector",
        "drf_yasg.inspectors.ChoiceFieldInspector",
        "drf_yasg.inspectors.FileFieldInspector",
        "drf_yasg.inspectors.DictFieldInspector",
        "drf_yasg.inspectors.JSONFieldInspector",
        "drf_yasg.inspectors.HiddenFieldInspector",
        "drf_yasg.inspectors.RelatedFieldInspector",
        "drf_yasg.inspectors.SerializerMethodFieldInspector",
        "drf_yasg.inspectors.SimpleFieldInspector",
        "drf_yasg.inspectors.StringDefaultFieldInspector",
    ],
}

# --- Logging --------------------------------------------------------------------------------
# Text for people, JSON for log shippers; every line carries the request id. Request bodies,
# query strings and SQL parameters are never logged (they carry tokens and personal data).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")
LOG_FILE = env.str("LOG_FILE", default="")
_log_handlers: dict[str, dict[str, object]] = {
    "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
}
if LOG_FILE:
    _log_dir = (BASE_DIR / "logs").resolve()
    _log_path = (_log_dir / LOG_FILE).resolve()
    if not _log_path.is_relative_to(_log_dir):
        raise ImproperlyConfigured("LOG_FILE must name a file under logs/.")
    # WatchedFileHandler reopens the file after logrotate moves it; every process appends.
    _log_handlers["file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": str(_log_path),
        "formatter": LOG_FORMAT,
        "filters": ["request_id"],
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "CustomerManagementApp.logging_filters.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "CustomerManagementApp.logging_filters.JsonFormatter"},
    },
    "handlers": _log_handlers,
    "root": {"handlers": list(_log_handlers), "level": LOG_LEVEL},
    "loggers": {
        # 4xx are already in the access log; keep django.request for 5xx (with traceback).
        "django.request": {"level": "ERROR"},
        # With DEBUG on, this logger writes every SQL statement with its parameters.
        "django.db.backends": {"level": "INFO"},
    },
}
# One access line per request, written right after the request id is known.
MIDDLEWARE.insert(
    MIDDLEWARE.index("CustomerManagementApp.middlewares.RequestIdMiddleware") + 1,
    "CustomerManagementApp.middlewares.AccessLogMiddleware",
)
# An upload declaring more than the app accepts is refused before its body is read.
MIDDLEWARE.insert(
    MIDDLEWARE.index("common.http.NoStoreMiddleware") + 1,
    "CustomerManagementApp.middlewares.UploadSizeMiddleware",
)

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
