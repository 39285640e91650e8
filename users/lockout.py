"""Failed-login protection shared by the web login, the admin login and the token endpoint: all
three authenticate through Django's `authenticate`, which `LoginGuardBackend` guards.

Three rules, so that nobody can lock anyone else out:

- **the pair** (account, address): after `AXES_FAILURE_LIMIT` failures that address may not try
  that account until the cool-off has passed (django-axes' own lock, `[["username", "ip_address"]]`);
- **the address**: after `LOGIN_ADDRESS_FAILURE_LIMIT` failures for any accounts (a much higher
  limit), that address may not try any account until the cool-off has passed;
- **the account**: after `LOGIN_ACCOUNT_DELAY_AFTER` failures from anywhere (more than one
  address can cause on its own), each further attempt must wait a delay that doubles with
  every failure, capped at `LOGIN_ACCOUNT_DELAY_MAX_SECONDS`. A slower pace, never a wall.

A refused attempt is not counted (`AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False`), so a
locked client cannot extend its lock or raise anyone's count. Failures are read from axes'
`AccessAttempt` rows in the database, so every worker and host counts together, with or without
a shared cache.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from users.models import UserManager


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt names, whichever form or API field carried it."""
    credentials = credentials or {}
    raw = credentials.get("username") or credentials.get("email")
    if raw is None:
        raw = request.POST.get("username") or request.POST.get("email")
    return UserManager.normalize_email(str(raw or ""))


@dataclass(frozen=True)
class LoginRefusal:
    """Why a login attempt is refused before its password is checked, and until when."""

    reason: str  # "pair", "address" or "account"
    retry_at: datetime

    def retry_after_seconds(self, now: datetime | None = None) -> int:
        remaining = (self.retry_at - (now or timezone.now())).total_seconds()
        return max(1, int(remaining + 0.999))


def account_delay(failures: int) -> timedelta:
    """The pause an account imposes after `failures` failed logins from anywhere."""
    excess = failures - settings.LOGIN_ACCOUNT_DELAY_AFTER
    if excess < 0:
        return timedelta(0)
    return timedelta(seconds=min(settings.LOGIN_ACCOUNT_DELAY_MAX_SECONDS, 2**excess))


def login_refusal(*, username: str, ip_address: str, now: datetime | None = None) -> LoginRefusal | None:
    """The rule that refuses an attempt on `username` from `ip_address` now, if any, read in
    one query over the failures of the cool-off window."""
    now = now or timezone.now()
    cool_off: timedelta = settings.AXES_COOLOFF_TIME
    pair = Q(username=username, ip_address=ip_address)
    address = Q(ip_address=ip_address)
    account = Q(username=username)
    counts = AccessAttempt.objects.filter(address | account, attempt_time__gte=now - cool_off).aggregate(
        pair_failures=Sum("failures_since_start", filter=pair),
        pair_last=Max("attempt_time", filter=pair),
        address_failures=Sum("failures_since_start", filter=address),
        address_last=Max("attempt_time", filter=address),
        account_failures=Sum("failures_since_start", filter=account),
        account_last=Max("attempt_time", filter=account),
    )
    refusals = []
    if (counts["pair_failures"] or 0) >= settings.AXES_FAILURE_LIMIT:
        refusals.append(LoginRefusal("pair", counts["pair_last"] + cool_off))
    if (counts["address_failures"] or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        refusals.append(LoginRefusal("address", counts["address_last"] + cool_off))
    delay = account_delay(counts["account_failures"] or 0)
    if delay and counts["account_last"] + delay > now:
        refusals.append(LoginRefusal("account", counts["account_last"] + delay))
    return max(refusals, key=lambda refusal: refusal.retry_at) if refusals else None


def _client_address(request: HttpRequest) -> str:
    return str(getattr(request, "axes_ip_address", "") or "")


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' guard (the pair lock, whitelists, request bookkeeping) plus the address
    limit and the account delay. A refusal is marked on the request for the lockout response
    (`login_refusal`), and marked as axes' own so that it adds no failure."""

    def authenticate(
        self,
        request: HttpRequest,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        try:
            super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.login_refusal = self._refusal(request, username, kwargs)  # type: ignore[attr-defined]
            raise
        if not getattr(settings, "AXES_ENABLED", True) or request is None:
            return
        refusal = self._refusal(request, username, kwargs)
        if refusal is not None:
            request.login_refusal = refusal  # type: ignore[attr-defined]
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied("Login attempts for this account or address are paused.")

    @staticmethod
    def _refusal(request: HttpRequest, username: str | None, kwargs: dict[str, Any]) -> LoginRefusal | None:
        credentials = {"username": username, **{k: v for k, v in kwargs.items() if k != "password"}}
        return login_refusal(
            username=get_client_username(request, credentials), ip_address=_client_address(request)
        )
