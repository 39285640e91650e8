"""Failed-login lockout (django-axes) shared by the web login, the admin login and the token
endpoint: all three authenticate through Django's `authenticate`, which axes guards."""

from typing import Any

from django.http import HttpRequest

from users.models import UserManager


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt names, whichever form or API field carried it."""
    credentials = credentials or {}
    raw = credentials.get("username") or credentials.get("email")
    if raw is None:
        raw = request.POST.get("username") or request.POST.get("email")
    return UserManager.normalize_email(str(raw or ""))
