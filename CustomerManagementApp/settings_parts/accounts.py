"""Sign-in, passwords, sessions' lifetime, account email and two-factor."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from CustomerManagementApp.settings_parts.environment import DEBUG, env

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
# Argon2id first (users/hashers.py: memory-hard, ~20 ms per login instead of PBKDF2's
# ~250 ms). The others still verify existing hashes, which are upgraded on next login.
PASSWORD_HASHERS = [
    "users.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]


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
