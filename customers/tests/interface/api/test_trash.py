"""The trash through the API: deleted customers, newest deletion first, and restoring one."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from customers.models import ActiveCustomerCount, Customer
from customers.tests.factories import CustomerFactory

LIST, TRASH, EXPORT, IMPORT = (
    "/api/v1/customers/",
    "/api/v1/customers/trash/",
    "/api/v1/customers/export/",
    "/api/v1/customers/import/",
)


def active_count(owner):
    row = ActiveCustomerCount.objects.filter(owner=owner).first()
    return row.active if row else 0


# --- trash and restore ----------------------------------------------------------------------


def test_trash_lists_my_deleted_customers_newest_deletion_first_and_restore_brings_back(as_alice, alice):
    first, second, _kept = CustomerFactory.create_batch(3, owner=alice)
    assert as_alice.delete(f"{LIST}{first.pk}/").status_code == 200
    assert as_alice.delete(f"{LIST}{second.pk}/").status_code == 200
    assert active_count(alice) == 1
    data = as_alice.get(TRASH).json()["data"]
    assert data["count"] == 2
    assert [row["id"] for row in data["results"]] == [second.pk, first.pk]
    assert data["results"][0]["deleted_at"]

    response = as_alice.post(f"{LIST}{first.pk}/restore/")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == first.pk
    assert active_count(alice) == 2
    assert [row["id"] for row in as_alice.get(TRASH).json()["data"]["results"]] == [second.pk]
    assert as_alice.get(f"{LIST}{first.pk}/").status_code == 200


def test_restore_is_refused_with_409_when_the_phone_was_reused(as_alice, alice):
    gone = CustomerFactory(owner=alice, phone_number="+14155550150")
    as_alice.delete(f"{LIST}{gone.pk}/")
    CustomerFactory(owner=alice, phone_number="+14155550150")
    response = as_alice.post(f"{LIST}{gone.pk}/restore/")
    assert response.status_code == 409
    assert "phone number" in response.json()["message"]
    assert Customer.objects.get(pk=gone.pk).deleted_at is not None
    assert active_count(alice) == 1


def test_restore_race_on_the_unique_index_is_the_same_409(alice):
    from customers.domain.errors import PhoneReusedOnRestore
    from customers.repositories.repository import DjangoCustomerRepository

    gone = CustomerFactory(owner=alice, phone_number="+14155550151", deleted_at=timezone.now())
    CustomerFactory(owner=alice, phone_number="+14155550151")
    with pytest.raises(PhoneReusedOnRestore):  # straight to the repository: the service check skipped
        DjangoCustomerRepository().restore(owner_id=alice.pk, customer_id=gone.pk, actor_id=alice.pk)


def test_another_owners_or_an_active_customer_cannot_be_restored(as_alice, as_bob, alice):
    customer = CustomerFactory(owner=alice)
    assert as_alice.post(f"{LIST}{customer.pk}/restore/").status_code == 404  # not deleted
    as_alice.delete(f"{LIST}{customer.pk}/")
    assert as_bob.post(f"{LIST}{customer.pk}/restore/").status_code == 404
    assert as_bob.get(TRASH).json()["data"]["count"] == 0


def test_trash_query_count_is_pinned(as_alice, alice, django_assert_num_queries):
    for customer in CustomerFactory.create_batch(5, owner=alice):
        as_alice.delete(f"{LIST}{customer.pk}/")
    with django_assert_num_queries(3):  # user, count, page
        assert as_alice.get(TRASH).status_code == 200


def test_purge_hard_deletes_only_customers_deleted_long_enough_ago(alice, settings):
    settings.CUSTOMER_PURGE_AFTER_DAYS = 30
    old = CustomerFactory(owner=alice, deleted_at=timezone.now() - timedelta(days=31))
    recent = CustomerFactory(owner=alice, deleted_at=timezone.now() - timedelta(days=29))
    active = CustomerFactory(owner=alice)
    out = io.StringIO()
    call_command("purge_deleted_customers", stdout=out)
    assert set(Customer.objects.values_list("pk", flat=True)) == {recent.pk, active.pk}
    assert "1" in out.getvalue()
    call_command("purge_deleted_customers", "--older-than-days", "0", stdout=out)
    assert set(Customer.objects.values_list("pk", flat=True)) == {active.pk}
    assert old.pk not in set(Customer.objects.values_list("pk", flat=True))
    assert active_count(alice) == 1
