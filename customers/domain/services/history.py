"""A customer's history: who changed what and when. Reads only (the repository records
every change as it writes it)."""

from customers.domain.entities import CursorPage, HistoryEntry, Page, SortPosition
from customers.domain.interfaces.history import HistoryRepository
from customers.domain.services._windows import cursor_page, one_side


class HistorySelector:
    def __init__(self, *, repository: HistoryRepository) -> None:
        self._repository = repository

    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        """Who changed what and when, newest first; readable for the owner's deleted customers too."""
        return self._repository.customer_history(
            owner_id=owner_id, customer_id=customer_id, offset=offset, limit=limit
        )

    def customer_history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> CursorPage[HistoryEntry]:
        """A keyset window of a customer's history, newest first."""
        one_side(after, before)
        window = self._repository.history_after(
            owner_id=owner_id, customer_id=customer_id, limit=limit, after=after, before=before
        )
        return cursor_page(window, lambda e: SortPosition(value=e.id, id=e.id), after=after, before=before)
