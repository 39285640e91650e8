"""The history page and the edit page's lost-update guard, through the Django test client."""

import pytest
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from customers.tests.interface.test_pages import DASHBOARD, VALID, modify_url
from users.tests.pages import logged_in_client, page_client, submit

pytestmark = pytest.mark.django_db


def history_url(customer) -> str:
    return f"/customer/{customer.pk}/history/"


@pytest.fixture
def client(alice):
    return logged_in_client(alice)


def test_dashboard_and_edit_page_link_to_the_history(client, alice):
    customer = CustomerFactory(owner=alice)
    assert f'href="{history_url(customer)}"' in client.get(DASHBOARD).content.decode()
    assert f'href="{history_url(customer)}"' in client.get(modify_url(customer)).content.decode()


def test_history_page_lists_changes_newest_first_with_old_and_new_values(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Li", phone_number="+14155550123")
    assert submit(client, modify_url(customer), {**VALID, "first_name": "Lei"}).status_code == 302
    response = client.get(history_url(customer))
    assert response.status_code == 200
    html = response.content.decode()
    entries = response.context["entries"]
    assert [item["action"] for item in entries] == ["Updated", "Created"]
    assert entries[0]["by_you"]
    assert {"label": "First name", "old": "Li", "new": "Lei"} in entries[0]["changes"]
    assert "Li</span> → Lei" in html
    assert "History: Lei" in html


def test_history_of_a_deleted_customer_is_readable_by_its_owner_only(client, alice, bob):
    customer = CustomerFactory(owner=alice, first_name="Gone")
    assert submit(client, f"/customer/{customer.pk}/delete/").status_code == 302
    response = client.get(history_url(customer))
    assert response.status_code == 200
    assert "History of a deleted customer" in response.content.decode()
    assert [item["action"] for item in response.context["entries"]] == ["Deleted", "Created"]
    assert logged_in_client(bob).get(history_url(customer)).status_code == 404
    assert client.get("/customer/999999/history/").status_code == 404


def test_history_page_needs_login(db, alice):
    customer = CustomerFactory(owner=alice)
    response = page_client().get(history_url(customer))
    assert response.status_code == 302 and response["Location"].startswith("/?next=")


def test_history_page_past_the_end_goes_to_the_last_page(client, alice):
    customer = CustomerFactory(owner=alice)
    response = client.get(f"{history_url(customer)}?page=9")
    assert response.status_code == 302 and response["Location"].endswith("?page=1")


# --- lost updates --------------------------------------------------------------------------


def test_the_edit_page_carries_the_version_it_was_loaded_with(client, alice):
    customer = CustomerFactory(owner=alice)
    html = client.get(modify_url(customer)).content.decode()
    assert 'type="hidden" name="version" value="1"' in html


def test_saving_over_a_newer_change_shows_both_values_instead_of_overwriting(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Li", phone_number="+14155550123")
    form = {**VALID, "first_name": "Mine", "version": "1"}
    customer.first_name = "Theirs"  # someone else saves first (the admin, another tab, the API)
    customer.version = 2
    customer.updated_at = timezone.now()
    customer.save()

    response = submit(client, modify_url(customer), form)
    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.first_name == "Theirs"
    html = response.content.decode()
    assert 'data-testid="edit-conflict"' in html
    first_name_row = response.context["conflicts"][0]
    assert first_name_row == {"label": "First name", "yours": "Mine", "current": "Theirs", "differs": True}
    assert 'value="Mine"' in html  # the user's input is kept
    assert 'name="version" value="2"' in html  # saving again is now a deliberate overwrite

    again = submit(client, modify_url(customer), {**form, "version": "2"})
    assert again.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.version) == ("Mine", 3)
