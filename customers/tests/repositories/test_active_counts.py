"""The trigger-maintained active count equals COUNT(*) through every way a row can change."""

import pytest
from django.utils import timezone

from customers.models import ActiveCustomerCount, Customer
from customers.repositories.repository import DjangoCustomerRepository
from customers.tests.factories import CustomerFactory
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def counted(owner) -> int:
    row = ActiveCustomerCount.objects.filter(owner=owner).first()
    return row.active if row else 0


def actual(owner) -> int:
    return Customer.objects.filter(owner=owner, deleted_at__isnull=True).count()


def test_the_count_follows_inserts_soft_deletes_restores_moves_and_deletes():
    alice, bob = UserFactory(), UserFactory()
    assert counted(alice) == 0
    rows = CustomerFactory.create_batch(5, owner=alice)
    Customer.objects.bulk_create(
        [
            Customer(
                owner=alice, first_name="Bulk", phone_number=f"+1415555{i:04d}", date_of_birth="1990-01-01"
            )
            for i in range(9000, 9003)
        ]
    )
    CustomerFactory(owner=alice, deleted_at=timezone.now())  # inserted already deleted
    assert counted(alice) == actual(alice) == 8

    Customer.objects.filter(pk__in=[rows[0].pk, rows[1].pk]).update(deleted_at=timezone.now())
    Customer.objects.filter(pk=rows[1].pk).update(deleted_at=timezone.now())  # already deleted
    assert counted(alice) == actual(alice) == 6
    Customer.objects.filter(pk=rows[1].pk).update(deleted_at=None)  # restored
    assert counted(alice) == actual(alice) == 7

    Customer.objects.filter(pk=rows[2].pk).update(owner=bob)
    Customer.objects.filter(pk=rows[0].pk).update(owner=bob)  # a deleted row moves uncounted
    assert (counted(alice), counted(bob)) == (actual(alice), actual(bob)) == (6, 1)

    rows[3].first_name = "Renamed"
    rows[3].save()  # a full save rewrites every column, the count must not move
    Customer.objects.filter(pk=rows[4].pk).delete()
    Customer.objects.filter(pk=rows[0].pk).delete()  # deleting a soft-deleted row
    assert (counted(alice), counted(bob)) == (actual(alice), actual(bob)) == (5, 1)


def test_the_list_total_is_the_maintained_count():
    alice = UserFactory()
    CustomerFactory.create_batch(3, owner=alice)
    page = DjangoCustomerRepository().list_page(owner_id=alice.pk, offset=0, limit=2)
    assert page.total == 3 and len(page.items) == 2
    assert DjangoCustomerRepository().list_page(owner_id=UserFactory().pk, offset=0, limit=2).total == 0


def test_deleting_the_owner_removes_their_count():
    alice = UserFactory()
    CustomerFactory.create_batch(2, owner=alice)
    alice_id = alice.pk
    alice.delete()
    assert not ActiveCustomerCount.objects.filter(owner_id=alice_id).exists()
    assert not Customer.objects.filter(owner_id=alice_id).exists()
