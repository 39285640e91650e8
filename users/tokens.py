"""Token hygiene beyond what simplejwt does by itself.

The blacklist app only ever checks refresh tokens, so an access token would keep working after
logout until it expires. Logout therefore also denies the calling access token's `jti` in the
shared cache until its own expiry; every worker and host reads the same cache.
"""

import time

from django.core.cache import cache
from rest_framework_simplejwt.tokens import Token

_DENIED_PREFIX = "jwt:denied:"


def deny_access_token(token: Token) -> None:
    remaining = int(token["exp"]) - int(time.time())
    if remaining > 0:
        cache.set(_DENIED_PREFIX + str(token["jti"]), 1, timeout=remaining + 1)


def is_access_token_denied(token: Token) -> bool:
    return cache.get(_DENIED_PREFIX + str(token.get("jti"))) is not None
