"""Logout revokes the access token on every worker, with the per-process default cache: the
denylist is in the database, so no worker can still accept a logged-out token."""

import pytest

from tests.support.server import serve

pytestmark = pytest.mark.slow

REQUESTS = 24


def test_a_logged_out_access_token_is_refused_by_every_worker():
    with serve(workers=3) as app:
        access, refresh = app.register_and_login_pair("ada@example.com")
        assert {app.request("GET", "/api/v1/user/me/", token=access).status for _ in range(REQUESTS)} == {200}
        assert app.request("POST", "/api/v1/user/logout/", {"refresh": refresh}, token=access).status == 200
        statuses = [app.request("GET", "/api/v1/user/me/", token=access).status for _ in range(REQUESTS)]
        assert statuses == [401] * REQUESTS
