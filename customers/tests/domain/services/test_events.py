"""Each change to the book is announced through the EventPublisher port, once, after it was
made, with what changed; a change that fails announces nothing. The in-memory fake, no database."""

from datetime import date

import pytest

from customers.domain.errors import DuplicatePhoneNumber
from customers.domain.ports import CustomerEvent
from customers.domain.services import CustomerService
from customers.tests.fakes import InMemoryCustomerRepository

TODAY = date(2026, 11, 30)
ALICE = 1


class RecordingPublisher:
    def __init__(self) -> None:
        self.events: list[CustomerEvent] = []

    def publish(self, event: CustomerEvent) -> None:
        self.events.append(event)


@pytest.fixture
def published():
    return RecordingPublisher()


@pytest.fixture
def service(published):
    return CustomerService(
        repository=InMemoryCustomerRepository(), today=lambda: TODAY, default_region="US", events=published
    )


def _create(service, phone="(415) 555-0100"):
    return service.create_customer(
        owner_id=ALICE,
        actor_id=ALICE,
        first_name="Ada",
        last_name="Lovelace",
        phone_number=phone,
        date_of_birth=date(1990, 12, 10),
    )


def test_every_kind_of_change_is_announced_in_order(service, published):
    customer = _create(service)
    service.update_customer(
        owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, changes={"last_name": "Byron"}
    )
    service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    service.restore_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    service.erasure.erase_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    assert [e.type for e in published.events] == [
        "customer.created",
        "customer.updated",
        "customer.deleted",
        "customer.restored",
        "customer.deleted",
        "customer.erased",
    ]
    assert {e.customer_id for e in published.events} == {customer.id}
    created, updated = published.events[:2]
    assert created.customer.last_name == "Lovelace" and created.previous == {}
    assert updated.customer.last_name == "Byron" and updated.previous == {"last_name": "Lovelace"}
    assert published.events[-1].customer is None  # nothing of an erased person travels on


def test_an_update_that_changes_nothing_visible_names_no_previous_values(service, published):
    customer = _create(service)
    service.update_customer(
        owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, changes={"last_name": "Lovelace"}
    )
    assert published.events[-1].previous == {}


def test_a_refused_change_announces_nothing(service, published):
    _create(service)
    with pytest.raises(DuplicatePhoneNumber):
        _create(service)
    assert [e.type for e in published.events] == ["customer.created"]


def test_without_a_publisher_nothing_is_announced_and_nothing_breaks():
    plain = CustomerService(repository=InMemoryCustomerRepository(), today=lambda: TODAY, default_region="US")
    assert _create(plain).id
