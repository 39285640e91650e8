"""DRF throttles whose rates are read when a request arrives, not when the class is imported,
so settings (and tests overriding them) take effect. Counters live in the default cache:
Redis in production, so every worker and host counts together."""

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
