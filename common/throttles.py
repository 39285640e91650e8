"""DRF throttles whose rates are read when a request arrives, not when the class is imported,
so settings (and tests overriding them) take effect. Counters live in the default cache:
Redis in production, so every worker and host counts together.

Throttles fail open: while the cache is down or hung, requests are not throttled (a warning is
logged) rather than refused, so an outage of Redis does not take the API down. Logins stay
protected by the lockout, which fails closed (README, "Outages")."""

import logging
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from rest_framework import throttling
from rest_framework.settings import api_settings

from common.error_mapping import CACHE_OUTAGES
from common.request_context import current_request_id

logger = logging.getLogger(__name__)


class RateFromSettings:
    """A throttle whose rate is read from the settings on each request, failing open on a cache outage."""

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


class AnonThrottle(RateFromSettings, throttling.AnonRateThrottle):
    pass


class UserThrottle(RateFromSettings, throttling.UserRateThrottle):
    pass


class UserAddressThrottle(RateFromSettings, throttling.SimpleRateThrottle):
    """Authenticated requests per client address, whoever the user: opening more accounts
    from one address does not multiply what that address may send."""

    scope = "user_address"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None  # AnonThrottle counts these
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ScopedThrottle(RateFromSettings, throttling.ScopedRateThrottle):
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


# --- The same limits on the pages ---------------------------------------------------------


class _ScopeHolder:
    """What a scoped throttle reads from the DRF view it guards: the scope's name."""

    def __init__(self, scope: str) -> None:
        self.throttle_scope = scope


def page_throttle_wait(request: HttpRequest, scope: str) -> int | None:
    """Seconds a page request must wait because its address (or its user) is over the API's
    `scope` rate, or None. It counts in the API's own cache entries, so the web login, the
    admin login and `POST user/token/` share one budget per address."""
    throttle = ScopedThrottle()
    if throttle.allow_request(request, _ScopeHolder(scope)):
        return None
    return max(1, math.ceil(throttle.wait() or 1))


def throttle_posts(
    scope: str,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """A page view decorator: POSTs over the `scope` rate get the 429 page with Retry-After."""

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def throttled(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method == "POST":
                wait = page_throttle_wait(request, scope)
                if wait is not None:
                    message = f"Too many requests from your network. Try again in {wait} seconds."
                    context = {"status": 429, "message": message, "request_id": current_request_id()}
                    response = render(request, "429.html", context, status=429)
                    response["Retry-After"] = str(wait)
                    return response
            return view(request, *args, **kwargs)

        return throttled

    return decorate


def client_address(request: HttpRequest) -> str:
    """The client's address as every abuse control sees it (throttles and the login lockout):
    the socket's, or with `TRUSTED_PROXY_COUNT` proxies in front, the entry of
    X-Forwarded-For that the outermost trusted proxy appended — never one the client wrote."""
    return str(throttling.BaseThrottle().get_ident(request) or "")  # type: ignore[arg-type]
