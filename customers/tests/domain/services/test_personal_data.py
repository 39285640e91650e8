"""Personal data and erasure (`services.personal_data`) against the in-memory fake."""

from datetime import date, datetime

import pytest

from customers.domain.errors import CustomerNotFound
from customers.domain.services import CustomerService
from customers.tests.fakes import InMemoryCustomerRepository

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


def test_purge_removes_only_old_deletions(service, repository):
    old = create(service)
    service.delete_customer(owner_id=ALICE, customer_id=old.id, actor_id=ALICE)
    cutoff = datetime.max.replace(tzinfo=old.created_at.tzinfo)
    assert service.purge_deleted(older_than=old.created_at) == 0
    assert service.purge_deleted(older_than=cutoff) == 1
    assert service.list_deleted_customers(owner_id=ALICE, offset=0, limit=10).total == 0


def test_erase_customer_needs_the_trash_and_the_owner():
    from customers.domain.errors import CustomerNotInTrash

    repo = InMemoryCustomerRepository()
    service = CustomerService(repository=repo, today=lambda: date(2024, 6, 1), default_region="US")
    customer = service.create_customer(
        owner_id=1, actor_id=1, first_name="Ada", phone_number="+14155550100", date_of_birth=date(1990, 1, 2)
    )
    with pytest.raises(CustomerNotInTrash):
        service.erase_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    service.delete_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    with pytest.raises(CustomerNotFound):
        service.erase_customer(owner_id=2, customer_id=customer.id, actor_id=2)
    service.erase_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    assert repo.erasures == [(customer.id, 1, "owner")]
    with pytest.raises(CustomerNotFound):
        service.customer_history(owner_id=1, customer_id=customer.id, offset=0, limit=10)
    with pytest.raises(CustomerNotFound):
        service.erase_customer(owner_id=1, customer_id=customer.id, actor_id=1)


def test_personal_data_holds_the_record_and_every_history_entry_active_or_trashed():

    repo = InMemoryCustomerRepository()
    service = CustomerService(repository=repo, today=lambda: date(2024, 6, 1), default_region="US")
    customer = service.create_customer(
        owner_id=1, actor_id=1, first_name="Ada", phone_number="+14155550100", date_of_birth=date(1990, 1, 2)
    )
    for number in range(501, 1103):  # more history than one page of the repository read
        service.update_customer(
            owner_id=1, customer_id=customer.id, actor_id=1, changes={"phone_number": f"+1415555{number:04d}"}
        )
    data = service.personal_data(owner_id=1, customer_id=customer.id)
    assert data.deleted_at is None and data.customer.phone_number == "+14155551102"
    assert len(data.history) == 603
    assert data.history[-1].action == "created"
    service.delete_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    trashed = service.personal_data(owner_id=1, customer_id=customer.id)
    assert trashed.deleted_at is not None and len(trashed.history) == 604
    with pytest.raises(CustomerNotFound):
        service.personal_data(owner_id=2, customer_id=customer.id)
