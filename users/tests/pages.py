"""Helpers for page tests: a browser-like client that enforces CSRF like production does."""

from django.test import Client

from users.tests.factories import PASSWORD


def page_client() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token(client: Client, page: str) -> str:
    """GET `page` (a page that renders a form) and return the CSRF token its cookie carries."""
    response = client.get(page)
    assert response.status_code == 200, f"{page} answered {response.status_code}"
    return client.cookies["csrftoken"].value


def submit(client: Client, url: str, data: dict | None = None, *, form_page: str | None = None, **extra):
    """POST `data` to `url` the way a browser does: with the token from the page holding the form."""
    token = csrf_token(client, form_page or url)
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token}, **extra)


def logged_in_client(user) -> Client:
    """A CSRF-enforcing client logged in through the real login page."""
    client = page_client()
    response = submit(client, "/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client
