"""The port the customer services store through, one Protocol per concern (records, find,
trash, import/export, history, erasure), so that a fake for one concern needs only its own
methods. Implementations: the Django ORM adapter in `customers.repositories` and an in-memory
fake for tests; one contract suite runs on both. `CustomerRepository` is all of them, for the
wiring that hands one repository to every concern."""

from typing import Protocol

from customers.domain.interfaces.erasure import ErasureRepository
from customers.domain.interfaces.find import FindRepository
from customers.domain.interfaces.history import HistoryRepository
from customers.domain.interfaces.records import RecordRepository
from customers.domain.interfaces.transfer import TransferRepository
from customers.domain.interfaces.trash import TrashRepository

__all__ = [
    "CustomerRepository",
    "ErasureRepository",
    "FindRepository",
    "HistoryRepository",
    "RecordRepository",
    "TransferRepository",
    "TrashRepository",
]


class CustomerRepository(
    RecordRepository,
    FindRepository,
    TrashRepository,
    TransferRepository,
    HistoryRepository,
    ErasureRepository,
    Protocol,
):
    """Every concern's port at once: what the Django repository implements."""
