"""Apps, middleware, templates, pages, language and static files."""

from CustomerManagementApp.settings_parts.environment import BASE_DIR, DEBUG, env

INSTALLED_APPS = [
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
    # Pages: every form renders through one template pack.
    "crispy_forms",
    "crispy_bootstrap5",
]

# --- Pages: one template pack for every form; flash levels map to Bootstrap -----------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
MESSAGE_TAGS = {40: "danger"}  # messages.ERROR → Bootstrap's alert-danger

MIDDLEWARE = [
    "CustomerManagementApp.middlewares.RequestIdMiddleware",
    # One access line per request, written right after the request id is known.
    "CustomerManagementApp.middlewares.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Liveness probes are answered right after the request id and the security headers are set
    # (HSTS, nosniff), before sessions, CSRF, auth and DRF (docs/PERFORMANCE.md).
    "common.health.LivenessMiddleware",
    "CustomerManagementApp.middlewares.RequestLineLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "common.http.NoStoreMiddleware",
    # An upload declaring more than the app accepts is refused before its body is read.
    "CustomerManagementApp.middlewares.UploadSizeMiddleware",
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
