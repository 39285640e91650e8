"""The port for an owner's trash: soft-deleted customers, and bringing one back."""

from typing import Protocol

from customers.domain.entities import Customer, DeletedCustomer, KeysetSlice, Page, SortPosition


class TrashRepository(Protocol):
    def list_deleted(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        """Soft-deleted customers, most recently deleted first (ties by id), with the total."""
        ...

    def list_deleted_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[DeletedCustomer]:
        """`list_after` for the trash: most recently deleted first (positions of deleted_at, id)."""
        ...

    def get_deleted(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        """A soft-deleted customer of the owner, or `CustomerNotFound`."""
        ...

    def restore(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        """Make a soft-deleted customer active again, bump its version and record "restored" in
        its history; `CustomerNotFound` if there is none, `PhoneReusedOnRestore` if an active
        customer has its number meanwhile."""
        ...
