"""Fixed-window counters in the shared cache for limits that both edges apply through the
services (password reset and verification emails), keyed by a digest so no address is
stored in clear in the cache."""

import hashlib

from django.core.cache import cache

from common.exceptions import TooManyRequests


def spend(
    kind: str, subject: str, *, limit: int, window: int, message: str, field: str | None = None
) -> None:
    """Count one use of `kind` by `subject`; past `limit` uses in `window` seconds, refuse."""
    key = f"rate:{kind}:{hashlib.sha256(subject.encode()).hexdigest()[:32]}"
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    if used > limit:
        raise TooManyRequests(message, retry_after=window, field=field)
