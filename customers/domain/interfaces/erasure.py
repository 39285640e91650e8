"""The port for erasing personal data: every copy of the person goes."""

from datetime import datetime
from typing import Protocol

from customers.domain.entities import Customer, ErasureReason, StoredCopy


class ErasureRepository(Protocol):
    def erase_deleted(
        self, *, owner_id: int, customer_id: int, actor_id: int | None, reason: ErasureReason
    ) -> bool:
        """Remove a customer in the owner's trash and every copy of their personal data: the row,
        every history row, stored API answers that carry them, the owner's pending import uploads.
        What stays is an audit record without personal data (customer id, who, when, why).
        False, and nothing changed, when the owner has no such customer in the trash right now
        (checked in the same transaction as the removal, so a concurrent restore wins cleanly)."""
        ...

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        """Erase every customer of the owner, active and deleted, as `erase_deleted` does; how many."""
        ...

    def purge_deleted_before(self, *, cutoff: datetime) -> int:
        """Erase, as `erase_deleted` does (actor none, reason "retention"), every customer of
        any owner soft-deleted before `cutoff`; how many."""
        ...

    def stored_copies(self, *, owner_id: int, customer: Customer) -> list[StoredCopy]:
        """Copies of the customer's personal data kept outside the record and its history."""
        ...
