"""Permanent removal in the admin: a separate action behind a confirmation
page, through the same erase path as the owner's "Erase now" (history and copies included)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import timezone

from customers.models import Customer, CustomerErasure
from customers.tests.factories import CustomerFactory
from users.tests.factories import UserFactory

CHANGELIST = "/admin/customers/customer/"


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_the_erase_action_confirms_first_then_erases_only_trashed_customers(staff_client, staff):
    trashed = CustomerFactory(first_name="Trashed", deleted_at=timezone.now())
    active = CustomerFactory(first_name="Active")
    selection = {"action": "erase_permanently", ACTION_CHECKBOX_NAME: [trashed.pk, active.pk]}

    confirm = staff_client.post(CHANGELIST, selection)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Erase customers permanently?" in page and "cannot be undone" in page
    assert "Trashed" in page and "Active" in page and "Not erased, because they are active" in page
    assert Customer.objects.count() == 2  # nothing happens before the confirmation
    assert Customer.history.filter(id=trashed.pk).exists()

    done = staff_client.post(CHANGELIST, {**selection, "post": "yes"}, follow=True)
    assert done.status_code == 200
    text = done.content.decode()
    assert "Erased 1 customer(s) permanently" in text and "1 customer(s) were not erased" in text
    assert list(Customer.objects.values_list("pk", flat=True)) == [active.pk]
    assert not Customer.history.filter(id=trashed.pk).exists()
    audit = CustomerErasure.objects.get()
    assert (audit.customer_id, audit.erased_by_id, audit.reason) == (trashed.pk, staff.pk, "staff")
    assert staff_client.get(f"{CHANGELIST}{trashed.pk}/history/").status_code in (302, 404)
    trail = staff_client.get("/admin/customers/customererasure/").content.decode()
    assert f">{trashed.pk}<" in trail and "Trashed" not in trail  # the id, never the person


def test_the_action_is_refused_to_non_staff(client, db):
    trashed = CustomerFactory(deleted_at=timezone.now())
    client.force_login(UserFactory(is_staff=False))
    selection = {"action": "erase_permanently", ACTION_CHECKBOX_NAME: [trashed.pk], "post": "yes"}
    response = client.post(CHANGELIST, selection)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Customer.objects.filter(pk=trashed.pk).exists()
