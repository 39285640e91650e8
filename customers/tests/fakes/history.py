"""In-memory history (`HistoryRepository`)."""

from customers.domain.entities import HistoryEntry, KeysetSlice, Page, SortPosition
from customers.tests.fakes.book import OnBook, window


class InMemoryHistory(OnBook):
    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        newest_first = self.book.history_of(owner_id, customer_id)
        return Page(items=newest_first[offset : offset + limit], total=len(newest_first))

    def history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[HistoryEntry]:
        entries = self.book.history_of(owner_id, customer_id)
        return window(entries, lambda e: (e.id, e.id), True, limit, after, before)
