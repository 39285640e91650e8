"""Ports the customer services speak through to the world outside the book (not storage,
which the repository interfaces cover). Plain Python; the app's start-up plugs adapters in."""

from dataclasses import dataclass, field
from typing import Any, Protocol

from customers.domain.entities import Customer

# The events a change to the book announces, one name per kind of change.
CUSTOMER_EVENTS = (
    "customer.created",
    "customer.updated",
    "customer.deleted",
    "customer.restored",
    "customer.erased",
)


@dataclass(frozen=True)
class CustomerEvent:
    """What happened to one customer. `customer` is its state afterwards (None once deleted or
    erased: an erased person's data must not travel on); `previous` holds the old values of
    the fields an update changed."""

    type: str
    owner_id: int
    customer_id: int
    customer: Customer | None = None
    previous: dict[str, Any] = field(default_factory=dict)


class EventPublisher(Protocol):
    def publish(self, event: CustomerEvent) -> None:
        """Announce a change that has been written. An adapter acts once the change commits."""


class NullPublisher:
    """Announces nothing: the in-memory fakes and anything with no subscriber."""

    def publish(self, event: CustomerEvent) -> None:
        return None


NULL_PUBLISHER = NullPublisher()
