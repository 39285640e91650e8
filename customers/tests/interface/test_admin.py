"""The admin: staff see every customer (deleted ones too) and edits obey the domain rules."""

from datetime import date

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from users.models import User
from users.tests.factories import UserFactory


@pytest.fixture
def staff_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_staff_see_active_and_deleted_customers_and_can_filter(staff_client):
    CustomerFactory(first_name="Zelda")
    CustomerFactory(first_name="Quentin", deleted_at=timezone.now())
    page = staff_client.get("/admin/customers/customer/").content.decode()
    assert "Zelda" in page and "Quentin" in page
    deleted_only = staff_client.get("/admin/customers/customer/?state=deleted").content.decode()
    assert "Quentin" in deleted_only and "Zelda" not in deleted_only
    found = staff_client.get("/admin/customers/customer/?q=Zelda").content.decode()
    assert "Zelda" in found and "Quentin" not in found


def test_admin_edits_go_through_the_domain_rules(staff_client):
    owner = UserFactory()
    CustomerFactory(owner=owner, phone_number="+14155550100")
    form = {
        "owner": owner.pk,
        "first_name": "R2D2",
        "last_name": "",
        "phone_number": "415 555 0100",
        "date_of_birth": date(2020, 1, 1).isoformat(),
    }
    response = staff_client.post("/admin/customers/customer/add/", form)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"first_name", "date_of_birth"} <= set(errors)
    assert Customer.objects.count() == 1

    form.update(first_name="Ada", date_of_birth="1990-01-01")
    response = staff_client.post("/admin/customers/customer/add/", form)
    assert "phone_number" in response.context["adminform"].form.errors
    form.update(phone_number="(415) 555-0101")
    response = staff_client.post("/admin/customers/customer/add/", form)
    assert response.status_code == 302
    created = Customer.objects.get(first_name="Ada")
    assert created.phone_number == "+14155550101"
    assert created.created_by.is_staff


def test_non_staff_users_cannot_reach_the_admin(client, db):
    customer = CustomerFactory()
    client.force_login(customer.owner)
    response = client.get(f"/admin/customers/customer/{customer.pk}/change/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_can_create_a_user_with_an_email_login(staff_client):
    response = staff_client.post(
        "/admin/users/user/add/",
        {
            "email": "New@Example.com",
            "first_name": "N",
            "last_name": "U",
            "password1": "Tr1cky-Pass!",
            "password2": "Tr1cky-Pass!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="new@example.com").check_password("Tr1cky-Pass!")


def test_a_staff_edit_bumps_the_version_and_is_in_the_history(staff_client):
    customer = CustomerFactory(first_name="Ada", date_of_birth=date(1990, 1, 1))
    Customer.objects.filter(pk=customer.pk).update(version=5)  # changed elsewhere since loaded
    form = {
        "owner": customer.owner_id,
        "first_name": "Grace",
        "last_name": customer.last_name,
        "phone_number": customer.phone_number,
        "date_of_birth": "1990-01-01",
    }
    response = staff_client.post(f"/admin/customers/customer/{customer.pk}/change/", form)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.version) == ("Grace", 6)
    latest = customer.history.first()  # type: ignore[attr-defined]
    assert latest.history_user.is_staff and latest.first_name == "Grace"
    assert staff_client.get(f"/admin/customers/customer/{customer.pk}/history/").status_code == 200


# --- delete is the soft delete -----------------------------------------------------


def _active_count(owner):
    from customers.models import ActiveCustomerCount

    return ActiveCustomerCount.objects.get(owner=owner).active


def test_the_admins_single_delete_moves_the_customer_to_the_trash(staff_client, django_user_model):
    customer = CustomerFactory(first_name="Ada")
    owner = customer.owner
    assert _active_count(owner) == 1
    page = staff_client.get(f"/admin/customers/customer/{customer.pk}/delete/").content.decode()
    assert "move the customer" in page.lower() and "restore" in page
    response = staff_client.post(
        f"/admin/customers/customer/{customer.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert "moved to the trash" in response.content.decode()
    customer.refresh_from_db()  # the row is still there
    assert customer.deleted_at is not None and customer.is_active is None
    staff = django_user_model.objects.get(is_staff=True)
    assert customer.deleted_by == staff
    latest = customer.history.first()  # type: ignore[attr-defined]
    assert (latest.history_change_reason, latest.history_user) == ("deleted", staff)
    assert _active_count(owner) == 0
    # in the owner's trash, restorable, and the admin offers no second (hard) delete
    client_for_owner = staff_client.__class__()
    client_for_owner.force_login(owner)
    assert "Ada" in client_for_owner.get("/customer/trash/").content.decode()
    assert staff_client.get(f"/admin/customers/customer/{customer.pk}/delete/").status_code == 403


def test_the_admins_bulk_action_moves_the_selection_to_the_trash_and_offers_no_hard_delete(staff_client):
    owner = UserFactory()
    first, second = CustomerFactory(owner=owner), CustomerFactory(owner=owner)
    already = CustomerFactory(owner=owner, deleted_at=timezone.now())
    kept = CustomerFactory(owner=owner)
    changelist = staff_client.get("/admin/customers/customer/")
    actions = [name for name, _ in changelist.context["action_form"].fields["action"].choices]
    assert "delete_selected" not in actions and "move_to_trash" in actions
    response = staff_client.post(
        "/admin/customers/customer/",
        {"action": "move_to_trash", "_selected_action": [first.pk, second.pk, already.pk]},
        follow=True,
    )
    assert "2 customers moved to the trash (1 already in the trash)" in response.content.decode()
    refused = staff_client.post(
        "/admin/customers/customer/",
        {"action": "delete_selected", "_selected_action": [kept.pk], "post": "yes"},
    )
    assert refused.status_code in (200, 302)
    assert Customer.objects.filter(owner=owner).count() == 4  # nothing was hard-deleted
    assert set(
        Customer.objects.filter(owner=owner, deleted_at__isnull=True).values_list("pk", flat=True)
    ) == {kept.pk}
    assert _active_count(owner) == 1
    for customer in (first, second):
        assert customer.history.first().history_change_reason == "deleted"  # type: ignore[attr-defined]
