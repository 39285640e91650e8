"""The history page and the edit page's lost-update guard, through the Django test client."""

import pytest
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from customers.tests.interface.pages.helpers import DASHBOARD, VALID, modify_url
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


def loaded(client, customer) -> dict:
    """What a browser would post back from the edit page untouched: every input as rendered."""
    form = client.get(modify_url(customer)).context["form"]
    return posted(form)


def posted(form) -> dict:
    """A rendered form's inputs as a browser posts them (an empty input sends "")."""
    return {
        name: "" if form[name].value() is None else form[name].value()
        for name in form.fields
        if not name.startswith("keep_")
    }


def someone_else_saves(customer, **values):
    """Another tab, the API or the admin saves first."""
    from customers.models import Customer

    Customer.objects.filter(pk=customer.pk).update(
        **values, version=customer.version + 1, updated_at=timezone.now()
    )
    customer.refresh_from_db()


def test_a_conflict_keeps_only_what_you_changed_and_takes_their_other_changes(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Li", last_name="Wu", phone_number="+14155550123")
    form = loaded(client, customer) | {"last_name": "Mine"}
    someone_else_saves(customer, phone_number="+14155550199")

    response = submit(client, modify_url(customer), form)
    assert response.status_code == 409
    customer.refresh_from_db()
    assert (customer.last_name, customer.phone_number) == ("Wu", "+14155550199")  # nothing saved yet
    assert 'data-testid="edit-conflict"' in response.content.decode()
    kept = {row["label"]: row["kept"] for row in response.context["conflicts"]}
    assert kept == {
        "First name": "saved",
        "Last name": "yours",
        "Phone number": "saved",
        "Date of birth": "saved",
    }
    rearmed = response.context["form"]
    assert rearmed["last_name"].value() == "Mine"
    assert rearmed["phone_number"].value() == "+1 415-555-0199"  # their change, not your stale copy
    assert not any(name.startswith("keep_") for name in rearmed.fields)  # nothing to choose

    again = submit(client, modify_url(customer), posted(rearmed))
    assert again.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.last_name, customer.phone_number) == ("Li", "Mine", "+14155550199")


@pytest.mark.parametrize(("keep", "expected"), [("mine", "Mine"), ("theirs", "Theirs")])
def test_a_field_both_changed_shows_both_values_and_keeps_the_one_you_choose(client, alice, keep, expected):
    customer = CustomerFactory(owner=alice, first_name="Li", phone_number="+14155550123")
    form = loaded(client, customer) | {"first_name": "Mine"}
    someone_else_saves(customer, first_name="Theirs")

    response = submit(client, modify_url(customer), form)
    assert response.status_code == 409
    first_name_row = response.context["conflicts"][0]
    assert first_name_row == {
        "label": "First name",
        "yours": "Mine",
        "current": "Theirs",
        "kept": "choose below",
    }
    html = response.content.decode()
    assert "Yours: Mine" in html and "Theirs (saved): Theirs" in html
    rearmed = response.context["form"]
    assert 'name="version" value="2"' in html
    data = posted(rearmed)

    unchosen = submit(client, modify_url(customer), data)  # a choice is required
    assert unchosen.status_code == 400 and "keep_first_name" in unchosen.context["form"].errors
    chosen = submit(client, modify_url(customer), data | {"keep_first_name": keep})
    if keep == "theirs":  # nothing of yours is left to save
        assert chosen.status_code == 400
    else:
        assert chosen.status_code == 302
    customer.refresh_from_db()
    assert customer.first_name == expected


def test_saving_the_edit_page_unchanged_is_a_400_that_names_the_fields(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Li")
    response = submit(client, modify_url(customer), loaded(client, customer))
    assert response.status_code == 400
    assert "Give at least one field to change" in response.content.decode()
    customer.refresh_from_db()
    assert customer.version == 1
