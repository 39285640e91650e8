"""Which browsers are signed in to an account, and signing them out. Rows are written on
Django's `user_logged_in` and removed on `user_logged_out`; the session data stays in the
session store, which this module deletes through `SessionStore` (never by table)."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from common.throttles import client_address
from users.models import User, UserSession


def _store(session_key: str) -> Any:
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def remember_session(request: HttpRequest, user: User) -> None:
    if not request.session.session_key:
        request.session.save()
    # login() has just given the session a new key, so this row is new: one INSERT.
    row = UserSession(
        user=user,
        session_key=str(request.session.session_key),
        user_agent=request.headers.get("User-Agent", "")[:200],
        ip_address=client_address(request) or None,
    )
    UserSession.objects.bulk_create([row], ignore_conflicts=True)


def active_sessions(user: User) -> list[UserSession]:
    """The user's sessions that still exist; rows of sessions that expired are dropped."""
    alive: list[int] = []
    stale: list[int] = []
    for row in UserSession.objects.filter(user=user):
        (alive if _store(row.session_key).exists(row.session_key) else stale).append(row.pk)
    if stale:
        UserSession.objects.filter(pk__in=stale).delete()
    return list(UserSession.objects.filter(pk__in=alive))


def end_sessions(user_id: int, *, keep: str | None = None) -> int:
    """Sign out every browser session of the account except `keep`; how many were ended."""
    rows = UserSession.objects.filter(user_id=user_id).exclude(session_key=keep or "")
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        _store(key).delete(key)
    rows.delete()
    return len(keys)


def replace_session_key(old_key: str | None, request: HttpRequest) -> None:
    """After `update_session_auth_hash` cycled the key, point the row at the new one."""
    if old_key and request.session.session_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=request.session.session_key)


@receiver(user_logged_in, dispatch_uid="users.remember_session")
def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember_session(request, user)


@receiver(user_logged_out, dispatch_uid="users.forget_session")
def _on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session") and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
