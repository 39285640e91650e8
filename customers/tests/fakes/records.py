"""In-memory active customers (`RecordRepository`)."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from customers.domain.entities import Customer, CustomerFields, KeysetSlice, Page, Position
from customers.domain.errors import CustomerChanged, DuplicatePhoneNumber
from customers.tests.fakes.book import OnBook


class InMemoryRecords(OnBook):
    def get(self, *, owner_id: int, customer_id: int) -> Customer:
        return self.book.get(owner_id, customer_id)

    def list_page(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        ordered = sorted(self.book.active(owner_id), key=lambda c: (c.created_at, c.id), reverse=True)
        return Page(items=ordered[offset : offset + limit], total=len(ordered))

    def list_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> KeysetSlice[Customer]:
        def key(item: Customer | Position) -> tuple[datetime, int]:
            return (item.created_at, item.id)

        ordered = sorted(self.book.active(owner_id), key=key, reverse=True)
        if before is not None:
            newer = [c for c in ordered if key(c) > key(before)]
            return KeysetSlice(items=newer[-limit:], has_more=len(newer) > limit)
        if after is not None:
            ordered = [c for c in ordered if key(c) < key(after)]
        return KeysetSlice(items=ordered[:limit], has_more=len(ordered) > limit)

    def phone_in_use(self, *, owner_id: int, phone_number: str, exclude_id: int | None = None) -> bool:
        return self.book.taken(owner_id, phone_number, exclude_id)

    def add(self, *, owner_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        return self.book.add(owner_id, actor_id, fields)

    def update(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        change: Callable[[Customer], CustomerFields],
    ) -> Customer:
        current = self.book.get(owner_id, customer_id)
        fields = change(current)
        if fields == current.fields:
            return current
        if self.book.taken(owner_id, fields.phone_number, customer_id):
            raise DuplicatePhoneNumber()
        updated = self.book.update(current, fields)
        self.book.record(updated, "updated", actor_id, updated.updated_at)
        return updated

    def soft_delete(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        current = self.book.get(owner_id, customer_id)
        if expected_version is not None and current.version != expected_version:
            raise CustomerChanged()
        self.book.rows[customer_id] = replace(current, version=current.version + 1)
        self.book.deleted[customer_id] = self.book.now()
        self.book.record(current, "deleted", actor_id, self.book.now())
