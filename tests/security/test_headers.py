"""Browser-facing defences on every page: CSP, nosniff, frame denial, referrer policy, COOP,
and a session cookie that scripts cannot read and other sites cannot send."""

import pytest
from django.test import Client
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from users.tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/user/register/", "/api/v1/customers/", "/swagger/"])
def test_security_headers_are_on_every_response(path):
    response = Client().get(path)
    assert response.status_code in (200, 401)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_session_cookie_is_httponly_and_samesite():
    UserFactory(email="cookie@example.com")
    response = Client().post("/", {"username": "cookie@example.com", "password": PASSWORD})
    assert response.status_code == 302, response.content
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_liveness_short_cut_still_sends_the_content_headers(client):
    response = client.get("/api/v1/health-check/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/user/register/", "/customer/dashboard/", "/customer/create/", "/customer/trash/"]
)
def test_no_template_comment_or_tag_leaks_into_a_page(path):
    """Django's {# #} comments are one line only; a multi-line one is printed on the page."""
    user = UserFactory()
    CustomerFactory.create_batch(11, owner=user)  # two pages: the pager renders
    CustomerFactory.create_batch(11, owner=user, deleted_at=timezone.now())
    client = Client()
    client.force_login(user)
    page = client.get(path).content.decode()
    assert "{#" not in page and "{%" not in page and "{{" not in page
