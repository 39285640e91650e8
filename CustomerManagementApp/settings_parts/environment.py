"""Where every setting's value comes from: the environment, read through the one `env` below
(django-environ), with the project's `.env` filling in only what the environment leaves unset.
DEBUG is off unless asked for, and with it off the app refuses to start without a real
SECRET_KEY."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

_INSECURE_KEY_PREFIX = "django-insecure-"
_secret_key = env.str("SECRET_KEY", default="")
if not DEBUG and (len(_secret_key) < 32 or _secret_key.startswith(_INSECURE_KEY_PREFIX)):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
    )
SECRET_KEY = _secret_key or _INSECURE_KEY_PREFIX + "local-development-only-key-0123456789"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
