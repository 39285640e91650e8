"""In-memory erasure (`ErasureRepository`): the audit record is `book.erasures`."""

from datetime import datetime

from customers.domain.entities import Customer, ErasureReason, StoredCopy
from customers.tests.fakes.book import OnBook


class InMemoryErasure(OnBook):
    @property
    def erasures(self) -> list[tuple[int, int | None, ErasureReason]]:
        return self.book.erasures

    def purge_deleted_before(self, *, cutoff: datetime) -> int:
        old = [cid for cid, at in self.book.deleted.items() if at < cutoff]
        return self.book.erase(old, None, "retention")

    def erase_deleted(
        self, *, owner_id: int, customer_id: int, actor_id: int | None, reason: ErasureReason
    ) -> bool:
        if customer_id not in self.book.deleted or self.book.rows[customer_id].owner_id != owner_id:
            return False
        return self.book.erase([customer_id], actor_id, reason) == 1

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        ids = [cid for cid, customer in self.book.rows.items() if customer.owner_id == owner_id]
        return self.book.erase(ids, actor_id, reason)

    def stored_copies(self, *, owner_id: int, customer: Customer) -> list[StoredCopy]:
        return []  # the fake keeps no copies outside the record and its history
