"""Test-only speed-ups on top of the real settings (cookiecutter-django style)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from CustomerManagementApp.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests read the outbox right after a request; the SMTP test turns background sending on.
EMAIL_SEND_IN_BACKGROUND = False
# The admin tests sign staff in with a password alone; tests of the 2FA rule turn it on.
ADMIN_REQUIRE_2FA = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# The test client speaks plain HTTP; production redirects to HTTPS (covered by the deploy tests).
SECURE_SSL_REDIRECT = False
