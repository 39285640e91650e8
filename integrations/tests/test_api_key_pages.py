"""The API keys page and the admin: make a key and see it once, revoke it, staff see keys."""

import re

import pytest
from rest_framework.test import APIClient

from integrations.api_keys import create_api_key
from integrations.models import ApiKey
from users.tests.factories import UserFactory
from users.tests.pages import logged_in_client, submit

PAGE = "/account/api-keys/"


@pytest.fixture
def ada(db):
    return UserFactory(email="ada@example.com")


def _works(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client.get("/api/v1/customers/").status_code


def test_the_account_page_links_to_the_keys(ada):
    client = logged_in_client(ada)
    assert PAGE in client.get("/account/").content.decode()


def test_a_key_made_on_the_page_is_shown_once_and_works(ada):
    client = logged_in_client(ada)
    response = submit(client, PAGE, {"name": "Mailing tool", "scope": "read"})
    assert response.status_code == 200
    key = re.search(r'value="(cmk_[a-z0-9]{8}\.[^"]+)"', response.content.decode()).group(1)
    assert _works(key) == 200
    again = client.get(PAGE).content.decode()
    assert "Mailing tool" in again and key.partition(".")[0] in again and key not in again
    assert ApiKey.objects.get().scope == "read"


def test_bad_input_rerenders_with_the_field_error(ada):
    client = logged_in_client(ada)
    response = submit(client, PAGE, {"name": "Old", "scope": "read", "expires_at": "2000-01-01"})
    assert response.status_code == 400
    assert "The expiry must be in the future." in response.content.decode()
    assert not ApiKey.objects.exists()


def test_revoking_on_the_page_stops_the_key(ada):
    api_key, key = create_api_key(owner_id=ada.pk, name="Shop", scope="read_write")
    client = logged_in_client(ada)
    response = submit(client, f"{PAGE}{api_key.pk}/revoke/", form_page=PAGE)
    assert response.status_code == 302
    assert "was revoked" in client.get(PAGE).content.decode()
    assert _works(key) == 401


def test_another_users_key_cannot_be_revoked_from_the_page(ada):
    other, key = create_api_key(owner_id=UserFactory().pk, name="Theirs", scope="read")
    client = logged_in_client(ada)
    assert "Theirs" not in client.get(PAGE).content.decode()
    response = submit(client, f"{PAGE}{other.pk}/revoke/", form_page=PAGE)
    assert response.status_code == 404
    assert _works(key) == 200


def test_the_page_needs_a_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_staff_see_keys_in_the_admin_and_can_revoke_them(client, ada):
    api_key, key = create_api_key(owner_id=ada.pk, name="Accounting", scope="read")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/integrations/apikey/").content.decode()
    assert "Accounting" in listing and "ada@example.com" in listing and key not in listing
    response = client.post(
        "/admin/integrations/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]}, follow=True
    )
    assert "Revoked 1 API key." in response.content.decode()
    assert _works(key) == 401
    assert client.get("/admin/integrations/apikey/add/").status_code == 403
