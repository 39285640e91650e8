"""Settings for the Customer Management App.

Everything that differs between machines comes from the environment (django-environ);
`.env.example` documents every variable. Each concern has its module in settings_parts/
(environment.py holds `env` and the values the others build on); this module puts them
together, in order, and is where a new block of settings goes when no part fits it.
"""

from CustomerManagementApp.settings_parts.accounts import *  # noqa: F403
from CustomerManagementApp.settings_parts.api import *  # noqa: F403
from CustomerManagementApp.settings_parts.cache import *  # noqa: F403
from CustomerManagementApp.settings_parts.core import *  # noqa: F403
from CustomerManagementApp.settings_parts.database import *  # noqa: F403
from CustomerManagementApp.settings_parts.environment import *  # noqa: F403
from CustomerManagementApp.settings_parts.environment import DEBUG, env
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
