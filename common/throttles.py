"""DRF throttles whose rates are read when a request arrives, not when the class is imported,
so settings (and tests overriding them) take effect. Counters live in the default cache:
Redis in production, so every worker and host counts together.

Throttles fail open: while the cache is down or hung, requests are not throttled (a warning is
logged) rather than refused, so an outage of Redis does not take the API down. Logins stay
protected by the lockout, which fails closed (README, "Outages")."""

import logging
from typing import Any

from rest_framework import throttling
from rest_framework.settings import api_settings

from common.error_mapping import CACHE_OUTAGES

logger = logging.getLogger(__name__)


class _RateFromSettings:
    scope: str | None

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return None if rate is None else str(rate)

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return bool(super().allow_request(request, view))  # type: ignore[misc]
        except CACHE_OUTAGES as error:
            logger.warning(
                "Throttle %s not applied: cache unavailable (%s)", self.scope, type(error).__name__
            )
            return True


class AnonThrottle(_RateFromSettings, throttling.AnonRateThrottle):
    pass


class UserThrottle(_RateFromSettings, throttling.UserRateThrottle):
    pass


class ScopedThrottle(_RateFromSettings, throttling.ScopedRateThrottle):
    """Applies only to views that name a `throttle_scope` (login, refresh, register)."""
