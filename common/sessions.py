"""Django's database sessions (SESSION_ENGINE = "common.sessions"), each page request's
session read as a prepared primary-key SELECT (common.model_reads) instead of a queryset
compiled every time. Same rules: an expired or unknown session key loads nothing and is
dropped, so the next save starts a new session."""

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone

from common.model_reads import instance_by_pk


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        session = instance_by_pk(self.model, self.session_key) if self.session_key else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
