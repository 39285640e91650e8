"""The error pages share the site's look."""

import pytest

pytestmark = pytest.mark.django_db


# --- error pages --------------------------------------------------------------------------


def test_unknown_page_is_a_styled_404_with_the_navbar(client):
    response = client.get("/customer/nowhere/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and "Customer Manager" in html and "bootstrap.min.css" in html


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        ("bad_request", 400, "Bad request"),
        ("permission_denied", 403, "Access denied"),
        ("page_not_found", 404, "Page not found"),
        ("server_error", 500, "Something went wrong"),
    ],
)
def test_error_pages_share_the_sites_look(rf, alice, handler, status, heading):
    from CustomerManagementApp import exceptions

    request = rf.get("/customer/dashboard/")
    request.user = alice
    response = (
        getattr(exceptions, handler)(request)
        if status == 500
        else getattr(exceptions, handler)(request, None)
    )
    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3">{heading}</h1>' in html and "bootstrap.min.css" in html
    assert "Customer Manager" in html
    # The 500 page asks nothing of the database (it may be why we are here): no user menu.
    assert ("Log out" in html) == (status != 500)
