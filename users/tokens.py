"""Token revocation beyond what simplejwt does by itself.

The blacklist app only ever checks refresh tokens, so an access token would keep working after
logout until it expires. Every login therefore starts a token *chain*: a `chain` claim that the
refresh token carries through every rotation and that each access token copies. Logout revokes
the chain (and the calling access token's own `jti`) in the database, so the access tokens of
earlier refreshes of that login die with it, on every worker and host, whatever the cache does.
The check costs no query of its own: it is read with the authenticated user
(`users.authentication`).
"""

import uuid
from datetime import timedelta
from typing import cast

from django.conf import settings
from django.utils import timezone
from rest_framework_simplejwt.tokens import Token

from users.models import RevokedToken

CHAIN_CLAIM = "chain"


def start_chain(token: Token) -> None:
    """Mark a freshly issued refresh token as the first of a new login's chain."""
    token[CHAIN_CLAIM] = uuid.uuid4().hex


def revocation_keys(token: Token) -> list[str]:
    """The denylist entries any of which refuses `token`."""
    keys = [f"jti:{token.get('jti')}"]
    if token.get(CHAIN_CLAIM):
        keys.append(f"chain:{token[CHAIN_CLAIM]}")
    return keys


def _longest_token_lifetime() -> timedelta:
    jwt = settings.SIMPLE_JWT
    return max(cast(timedelta, jwt["ACCESS_TOKEN_LIFETIME"]), cast(timedelta, jwt["REFRESH_TOKEN_LIFETIME"]))


def revoke(*tokens: Token) -> None:
    """Deny each token and the whole chain it belongs to until every token of it has expired
    (a chain's next refresh would be refused too, so none outlives the longest lifetime)."""
    now = timezone.now()
    expires_at = now + _longest_token_lifetime()
    keys = {key for token in tokens for key in revocation_keys(token)}
    RevokedToken.objects.filter(expires_at__lt=now).delete()  # expired entries cover nothing
    for key in sorted(keys):
        RevokedToken.objects.update_or_create(key=key, defaults={"expires_at": expires_at})


def is_revoked(token: Token) -> bool:
    return RevokedToken.objects.filter(key__in=revocation_keys(token)).exists()


def revoke_all_tokens(user_id: int) -> int:
    """Every refresh token the account holds stops working (blacklisted); the number revoked.

    Access tokens carry a digest of the password hash (CHECK_REVOKE_TOKEN), so the flows that
    change the password end those too; the others end when they expire (minutes)."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    live = OutstandingToken.objects.filter(user_id=user_id, blacklistedtoken__isnull=True)
    revoked = [BlacklistedToken(token=token) for token in live]
    BlacklistedToken.objects.bulk_create(revoked, ignore_conflicts=True)
    return len(revoked)
