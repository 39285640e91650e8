"""Browser security headers, cookies and abuse controls. HTTPS, HSTS, secure cookies,
nosniff, the referrer policy and X-Frame-Options are in settings.py (production security)."""

from datetime import timedelta

from CustomerManagementApp.settings_parts.environment import env

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
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
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
