"""An in-memory customer repository for fast service tests. The repository contract suite
runs against it and the Django repository alike, so it cannot drift from the real one."""

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from customers.domain.entities import Customer, CustomerFields, KeysetSlice, Page, Position
from customers.domain.errors import CustomerNotFound, DuplicatePhoneNumber
from customers.domain.interfaces.customer_repository import CustomerRepository


class InMemoryCustomerRepository(CustomerRepository):
    def __init__(self) -> None:
        self._rows: dict[int, Customer] = {}
        self._deleted: set[int] = set()
        self._ids = itertools.count(1)
        self._clock = itertools.count()
        self._epoch = datetime(2024, 1, 1, tzinfo=UTC)

    def _now(self) -> datetime:
        return self._epoch + timedelta(seconds=next(self._clock))

    def _active(self, owner_id: int) -> list[Customer]:
        return [c for c in self._rows.values() if c.owner_id == owner_id and c.id not in self._deleted]

    def get(self, *, owner_id: int, customer_id: int) -> Customer:
        for customer in self._active(owner_id):
            if customer.id == customer_id:
                return customer
        raise CustomerNotFound()

    def list_page(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        ordered = sorted(self._active(owner_id), key=lambda c: (c.created_at, c.id), reverse=True)
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

        ordered = sorted(self._active(owner_id), key=key, reverse=True)
        if before is not None:
            newer = [c for c in ordered if key(c) > key(before)]
            window = newer[-limit:]
            return KeysetSlice(items=window, has_more=len(newer) > limit)
        if after is not None:
            ordered = [c for c in ordered if key(c) < key(after)]
        return KeysetSlice(items=ordered[:limit], has_more=len(ordered) > limit)

    def phone_in_use(self, *, owner_id: int, phone_number: str, exclude_id: int | None = None) -> bool:
        return self._taken(owner_id, phone_number, exclude_id)

    def _taken(self, owner_id: int, phone_number: str, exclude_id: int | None = None) -> bool:
        # add/update enforce uniqueness themselves, like the database constraint does
        return any(c.phone_number == phone_number and c.id != exclude_id for c in self._active(owner_id))

    def add(self, *, owner_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        if self._taken(owner_id, fields.phone_number):
            raise DuplicatePhoneNumber()
        now = self._now()
        customer = Customer(
            id=next(self._ids),
            owner_id=owner_id,
            first_name=fields.first_name,
            last_name=fields.last_name,
            phone_number=fields.phone_number,
            date_of_birth=fields.date_of_birth,
            created_at=now,
            updated_at=now,
        )
        self._rows[customer.id] = customer
        return customer

    def update(self, *, owner_id: int, customer_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        current = self.get(owner_id=owner_id, customer_id=customer_id)
        if self._taken(owner_id, fields.phone_number, customer_id):
            raise DuplicatePhoneNumber()
        updated = replace(
            current,
            first_name=fields.first_name,
            last_name=fields.last_name,
            phone_number=fields.phone_number,
            date_of_birth=fields.date_of_birth,
            updated_at=self._now(),
        )
        self._rows[customer_id] = updated
        return updated

    def soft_delete(self, *, owner_id: int, customer_id: int, actor_id: int) -> None:
        self.get(owner_id=owner_id, customer_id=customer_id)
        self._deleted.add(customer_id)
