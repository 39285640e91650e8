"""common.sessions: Django's database sessions, same behaviour through the prepared read."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from common.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_it_is_the_configured_engine():
    assert settings.SESSION_ENGINE == "common.sessions"


def test_a_saved_session_loads_back():
    store = SessionStore()
    store["cart"] = ["a", 1]
    store.save()

    loaded = SessionStore(session_key=store.session_key)

    assert loaded["cart"] == ["a", 1]
    assert loaded.session_key == store.session_key


def test_an_expired_session_loads_nothing_and_the_next_save_gets_a_new_key():
    store = SessionStore()
    store["user"] = "7"
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    loaded = SessionStore(session_key=store.session_key)

    assert "user" not in loaded
    loaded["x"] = 1
    loaded.save()
    assert loaded.session_key != store.session_key


@pytest.mark.parametrize("key", ["", "unknown-key-0123456789abcdef0123", "x" * 40])
def test_an_unknown_key_loads_an_empty_session(key):
    assert dict(SessionStore(session_key=key).items()) == {}
