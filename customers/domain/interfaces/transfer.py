"""The port for CSV import and export: streaming reads and all-or-nothing bulk writes."""

from collections.abc import Iterable, Iterator
from typing import Protocol

from customers.domain.entities import Customer, CustomerFields
from customers.domain.queries import CustomerQuery


class TransferRepository(Protocol):
    def iterate(self, *, owner_id: int, query: CustomerQuery, chunk_size: int = 2000) -> Iterator[Customer]:
        """Every active customer matching `query`, in its order, read `chunk_size` rows at a time
        so memory stays constant however large the book is."""
        ...

    def active_phones(self, *, owner_id: int) -> set[str]:
        """Every phone number in use by the owner's active customers (one query)."""
        ...

    def add_many(self, *, owner_id: int, actor_id: int, fields: list[CustomerFields]) -> int:
        """Store all of them or none (one transaction), each with its "created" history entry;
        `DuplicatePhoneNumber` if a number was taken meanwhile. Returns how many were stored."""
        ...

    def add_batches(self, *, owner_id: int, actor_id: int, batches: Iterable[list[CustomerFields]]) -> int:
        """Store every batch the iterable yields in one transaction, each customer with its
        "created" history entry, holding one batch at a time. If the iterable raises (a row
        found invalid further down the file), or a number was taken meanwhile
        (`DuplicatePhoneNumber`), nothing is stored. Returns how many were stored."""
        ...
