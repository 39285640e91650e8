"""Builds the customer service per call.

The domain cannot import the ORM adapter, so the app's start-up (`customers.apps`) hands this
module the factories it should use; tests build `CustomerService` directly with a fake.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.domain.ports import NULL_PUBLISHER, EventPublisher
from customers.domain.services import CustomerService


@dataclass(frozen=True)
class _Wiring:
    repository: Callable[[], CustomerRepository]
    today: Callable[[], date]
    default_region: Callable[[], str]
    events: Callable[[], EventPublisher]


_wiring: _Wiring | None = None


def configure(
    *,
    repository: Callable[[], CustomerRepository],
    today: Callable[[], date],
    default_region: Callable[[], str],
    events: Callable[[], EventPublisher] = lambda: NULL_PUBLISHER,
) -> None:
    global _wiring
    _wiring = _Wiring(repository=repository, today=today, default_region=default_region, events=events)


def customer_service() -> CustomerService:
    if _wiring is None:
        raise RuntimeError("customer_service() used before the customers app was configured")
    return CustomerService(
        repository=_wiring.repository(),
        today=_wiring.today,
        default_region=_wiring.default_region(),
        events=_wiring.events(),
    )
