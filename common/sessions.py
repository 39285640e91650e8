"""Django's database sessions (SESSION_ENGINE = "common.sessions"), each page request's
session read as a prepared primary-key SELECT (common.model_reads) instead of a queryset
compiled every time. Same rules: an expired or unknown session key loads nothing and is
dropped, so the next save starts a new session."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends import db
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from common.model_reads import instance_by_pk


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        session = instance_by_pk(self.model, self.session_key) if self.session_key else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session


_STARTED, _SEEN = "_session_started_at", "_session_seen_at"
# Writing the last-seen time on every request would save the session each time; a minute's
# precision is plenty for an idle timeout counted in hours.
_SEEN_PRECISION = 60.0


def mark_session_start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """`user_logged_in` receiver: a login starts the session's lifetime afresh."""
    if hasattr(request, "session"):
        now = time.time()
        request.session[_STARTED] = now
        request.session[_SEEN] = now


class SessionLifetimeMiddleware:
    """Logs a browser session out once it has been idle for `SESSION_IDLE_TIMEOUT` or has
    lived for `SESSION_ABSOLUTE_LIFETIME` since its login. Requests without a session (the
    JWT API) cost nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session = request.session
        if session.session_key is not None and SESSION_KEY in session:
            now = time.time()
            started = float(session.get(_STARTED, now))
            seen = float(session.get(_SEEN, now))
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            lifetime = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if now - seen > idle or now - started > lifetime:
                logout(request)
                messages.info(request, "Your session has expired. Please log in again.")
            else:
                if _STARTED not in session:
                    session[_STARTED] = started
                if now - seen >= _SEEN_PRECISION or _SEEN not in session:
                    session[_SEEN] = now
        return self.get_response(request)
