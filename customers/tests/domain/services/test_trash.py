"""The trash (`services.trash`) against the in-memory fake."""

from datetime import date

import pytest

from customers.domain.errors import CustomerNotFound, PhoneReusedOnRestore
from customers.domain.services import CustomerService
from customers.domain.services.fields import FieldRules
from customers.domain.services.records import RecordService
from customers.domain.services.trash import TrashSelector, TrashService
from customers.tests.fakes import (
    FakeBook,
    InMemoryCustomerRepository,
    InMemoryRecords,
    InMemoryTrash,
)

TODAY = date(2026, 11, 30)
ALICE, BOB = 1, 2


@pytest.fixture
def repository():
    return InMemoryCustomerRepository()


@pytest.fixture
def service(repository):
    return CustomerService(repository=repository, today=lambda: TODAY, default_region="GB")


def create(service, owner=ALICE, **overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": "+14155550100",
        "date_of_birth": date(1990, 12, 10),
    } | overrides
    return service.create_customer(owner_id=owner, actor_id=owner, **data)


def test_restore_and_its_conflict(service):
    customer = create(service)
    service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    assert [
        d.customer.id for d in service.list_deleted_customers(owner_id=ALICE, offset=0, limit=10).items
    ] == [customer.id]
    with pytest.raises(CustomerNotFound):
        service.restore_customer(owner_id=BOB, customer_id=customer.id, actor_id=BOB)
    reuse = create(service, first_name="Eve")
    with pytest.raises(PhoneReusedOnRestore):
        service.restore_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    service.delete_customer(owner_id=ALICE, customer_id=reuse.id, actor_id=ALICE)
    assert service.restore_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE).id == customer.id
    with pytest.raises(CustomerNotFound):
        service.restore_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)


def test_the_trash_runs_on_the_fakes_of_the_concerns_it_uses_alone():
    """Restoring needs the trash and the phone rule of the active customers, nothing else: its
    selector and service take those two fakes over one book, and neither fake can search."""
    book = FakeBook()
    records, trash = InMemoryRecords(book), InMemoryTrash(book)
    assert not hasattr(trash, "find") and not hasattr(records, "list_deleted")
    writes = RecordService(repository=records, rules=FieldRules(today=lambda: TODAY, default_region="GB"))
    ada = writes.create_customer(
        owner_id=ALICE,
        actor_id=ALICE,
        first_name="Ada",
        phone_number="+14155550100",
        date_of_birth=date(1990, 12, 10),
    )
    writes.delete_customer(owner_id=ALICE, customer_id=ada.id, actor_id=ALICE)
    listed = TrashSelector(repository=trash).list_deleted_customers(owner_id=ALICE, offset=0, limit=10)
    assert [deleted.customer.id for deleted in listed.items] == [ada.id]
    restored = TrashService(repository=trash, records=records).restore_customer(
        owner_id=ALICE, customer_id=ada.id, actor_id=ALICE
    )
    assert (restored.id, restored.version) == (ada.id, ada.version + 2)
    assert (
        TrashSelector(repository=trash).list_deleted_customers(owner_id=ALICE, offset=0, limit=10).total == 0
    )
