"""DRF throttles whose rates are read when a request arrives, not when the class is imported,
so settings (and tests overriding them) take effect. Counters live in the default cache:
Redis in production, so every worker and host counts together."""

import math
from typing import Any

from rest_framework import throttling
from rest_framework.settings import api_settings


class _RateFromSettings:
    scope: str | None

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)


class AnonThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    pass


class UserThrottle(_RateFromSettings, throttling.UserRateThrottle):
    pass


class ScopedThrottle(_RateFromSettings, throttling.ScopedRateThrottle):
    """Applies only to views that name a `throttle_scope` (login, refresh, register)."""


# --- rate-limit headers -----------------------------------------------------------------------
LIMIT_HEADER = "X-RateLimit-Limit"
REMAINING_HEADER = "X-RateLimit-Remaining"
RESET_HEADER = "X-RateLimit-Reset"
RATE_LIMIT_HEADERS = {
    LIMIT_HEADER: "Requests allowed in the window of the tightest limit that counted this request.",
    REMAINING_HEADER: "Requests left in that window (0 on a 429).",
    RESET_HEADER: "Seconds until that window frees a request.",
}


def rate_limit_headers(throttles: list[Any]) -> dict[str, str]:
    """The `X-RateLimit-*` headers of the tightest throttle that counted this request (the one
    with the fewest requests left); none when no throttle applied (for example the per-user
    limit on an anonymous call)."""
    counted = [t for t in throttles if getattr(t, "rate", None) and hasattr(t, "history")]
    if not counted:
        return {}
    tightest = min(counted, key=lambda t: t.num_requests - len(t.history))
    remaining = max(0, tightest.num_requests - len(tightest.history))
    oldest = tightest.history[-1] if tightest.history else tightest.now
    reset = max(0, math.ceil(oldest + tightest.duration - tightest.now))
    return {
        LIMIT_HEADER: str(tightest.num_requests),
        REMAINING_HEADER: str(remaining),
        RESET_HEADER: str(reset),
    }
