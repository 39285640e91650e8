"""In-memory repositories for fast service tests, one per concern over a shared `FakeBook`
(so a test of one concern builds only the fake it needs). `InMemoryCustomerRepository` is all
of them at once; the repository contract suite runs against it and the Django repository
alike, so the fakes cannot drift from the real one."""

from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.tests.fakes.book import FakeBook
from customers.tests.fakes.erasure import InMemoryErasure
from customers.tests.fakes.find import InMemoryFind
from customers.tests.fakes.history import InMemoryHistory
from customers.tests.fakes.records import InMemoryRecords
from customers.tests.fakes.transfer import InMemoryTransfer
from customers.tests.fakes.trash import InMemoryTrash

__all__ = [
    "FakeBook",
    "InMemoryCustomerRepository",
    "InMemoryErasure",
    "InMemoryFind",
    "InMemoryHistory",
    "InMemoryRecords",
    "InMemoryTransfer",
    "InMemoryTrash",
]


class InMemoryCustomerRepository(
    InMemoryRecords,
    InMemoryFind,
    InMemoryTrash,
    InMemoryTransfer,
    InMemoryHistory,
    InMemoryErasure,
    CustomerRepository,
):
    """Every concern's fake on one book."""
