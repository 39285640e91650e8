"""In-memory trash (`TrashRepository`)."""

from dataclasses import replace

from customers.domain.entities import Customer, DeletedCustomer, KeysetSlice, Page, SortPosition
from customers.domain.errors import PhoneReusedOnRestore
from customers.tests.fakes.book import OnBook, window


class InMemoryTrash(OnBook):
    def list_deleted(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        found = self.book.deleted_of(owner_id)
        return Page(items=found[offset : offset + limit], total=len(found))

    def list_deleted_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[DeletedCustomer]:
        found = self.book.deleted_of(owner_id)
        return window(found, lambda d: (d.deleted_at, d.customer.id), True, limit, after, before)

    def get_deleted(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        return self.book.get_deleted(owner_id, customer_id)

    def restore(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        deleted = self.book.get_deleted(owner_id, customer_id)
        if self.book.taken(owner_id, deleted.customer.phone_number):
            raise PhoneReusedOnRestore()
        del self.book.deleted[customer_id]
        now = self.book.now()
        restored = replace(deleted.customer, updated_at=now, version=deleted.customer.version + 1)
        self.book.rows[customer_id] = restored
        self.book.record(restored, "restored", actor_id, now)
        return restored
