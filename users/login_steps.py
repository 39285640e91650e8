"""The web login's second step: after the right password, an account with two-factor on is
remembered in the session (not logged in) until a code or a passkey checks out."""

import time

import django_otp
from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.models import Device

from users.models import User

PENDING = "users.pending_two_factor"
BACKEND = "users.authentication.UserBackend"


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def start(request: HttpRequest, user: User, next_url: str) -> HttpResponse:
    request.session[PENDING] = {"user": user.pk, "at": int(time.time()), "next": next_url}
    return redirect("users:login-code")


def pending(request: HttpRequest) -> tuple[User | None, str]:
    """The account whose password was checked, while the step is fresh; and where to go next."""
    state = request.session.get(PENDING) or {}
    fresh = time.time() - state.get("at", 0) < settings.TWO_FACTOR_LOGIN_TIMEOUT
    user_id = state.get("user")
    user = User.objects.filter(pk=user_id, is_active=True).first() if fresh and user_id else None
    return user, str(state.get("next") or "")


def abandon(request: HttpRequest) -> None:
    request.session.pop(PENDING, None)


def finish(request: HttpRequest, user: User, device: Device) -> str:
    """Log in with the second factor verified; where to go now."""
    _, next_url = pending(request)
    abandon(request)
    login(request, user, backend=BACKEND)
    django_otp.login(request, device)
    return safe_next(request, next_url)
