"""A customer's history (`services.history`) against the in-memory fake."""

from datetime import date

import pytest

from customers.domain.errors import (
    CustomerNotFound,
)
from customers.domain.services import CustomerService
from customers.domain.services.fields import FieldRules
from customers.domain.services.history import HistorySelector
from customers.domain.services.records import RecordService
from customers.tests.fakes import (
    FakeBook,
    InMemoryCustomerRepository,
    InMemoryHistory,
    InMemoryRecords,
)

TODAY = date(2026, 11, 30)
ALICE, BOB = 1, 2


@pytest.fixture
def repository():
    return InMemoryCustomerRepository()


@pytest.fixture
def service(repository):
    return CustomerService(repository=repository, today=lambda: TODAY, default_region="US")


def create(service, owner=ALICE, **overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": "(415) 555-0100",
        "date_of_birth": date(1990, 12, 10),
    } | overrides
    return service.create_customer(owner_id=owner, actor_id=owner, **data)


def test_history_is_readable_after_delete_by_the_owner_only(service):
    customer = create(service)
    service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    page = service.customer_history(owner_id=ALICE, customer_id=customer.id, offset=0, limit=10)
    assert [entry.action for entry in page.items] == ["deleted", "created"]
    with pytest.raises(CustomerNotFound):
        service.customer_history(owner_id=BOB, customer_id=customer.id, offset=0, limit=10)


# --- empty updates ------------------------------------------------------------------


def test_the_history_selector_runs_on_the_history_fake_alone():
    book = FakeBook()
    writes = RecordService(
        repository=InMemoryRecords(book), rules=FieldRules(today=lambda: TODAY, default_region="US")
    )
    ada = writes.create_customer(
        owner_id=ALICE,
        actor_id=ALICE,
        first_name="Ada",
        phone_number="+14155550100",
        date_of_birth=date(1990, 12, 10),
    )
    writes.update_customer(owner_id=ALICE, customer_id=ada.id, actor_id=BOB, changes={"last_name": "King"})
    history = HistorySelector(repository=InMemoryHistory(book))
    page = history.customer_history(owner_id=ALICE, customer_id=ada.id, offset=0, limit=10)
    assert [(entry.action, entry.by) for entry in page.items] == [("updated", BOB), ("created", ALICE)]
    assert [(c.field, c.old, c.new) for c in page.items[0].changes] == [("last_name", "", "King")]
    window = history.customer_history_after(owner_id=ALICE, customer_id=ada.id, limit=1)
    assert [entry.action for entry in window.items] == ["updated"] and window.next_after is not None
