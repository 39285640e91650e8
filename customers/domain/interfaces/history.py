"""The port for a customer's recorded changes."""

from typing import Protocol

from customers.domain.entities import HistoryEntry, KeysetSlice, Page, SortPosition


class HistoryRepository(Protocol):
    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        """The recorded changes of one of the owner's customers, deleted ones included, newest
        first; `CustomerNotFound` if the owner never had that customer."""
        ...

    def history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[HistoryEntry]:
        """`list_after` for a customer's history: newest first (positions of the entry id);
        `CustomerNotFound` as `customer_history`."""
        ...
