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


def revoke_all_tokens(user_id: int) -> int:
    """Every refresh token the account holds stops working (blacklisted); the number revoked.

    Access tokens carry a digest of the password hash (CHECK_REVOKE_TOKEN), so the flows that
    change the password end those too; the others end when they expire (minutes)."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    live = OutstandingToken.objects.filter(user_id=user_id, blacklistedtoken__isnull=True)
    revoked = [BlacklistedToken(token=token) for token in live]
    BlacklistedToken.objects.bulk_create(revoked, ignore_conflicts=True)
    return len(revoked)
