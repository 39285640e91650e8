"""The state every in-memory fake shares: one customer book, with the helpers the concerns
have in common (who is active, the history, a clock)."""

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from customers.domain.entities import (
    EDITABLE_FIELDS,
    Customer,
    CustomerFields,
    DeletedCustomer,
    ErasureReason,
    HistoryAction,
    HistoryEntry,
    KeysetSlice,
    SortPosition,
    changes_between,
)
from customers.domain.errors import CustomerNotFound, DuplicatePhoneNumber


class FakeBook:
    def __init__(self) -> None:
        self.rows: dict[int, Customer] = {}
        self.deleted: dict[int, datetime] = {}
        self._ids = itertools.count(1)
        self._clock = itertools.count()
        self._epoch = datetime(2024, 1, 1, tzinfo=UTC)
        # customer id → [(history id, action, at, actor, values after)], oldest first
        self.history: dict[int, list[tuple[int, HistoryAction, datetime, int, CustomerFields]]] = {}
        self._history_ids = itertools.count(1)
        # (customer id, actor, reason) of every erasure: the audit record, no personal data
        self.erasures: list[tuple[int, int | None, ErasureReason]] = []

    def now(self) -> datetime:
        return self._epoch + timedelta(seconds=next(self._clock))

    def record(self, customer: Customer, action: HistoryAction, actor_id: int, at: datetime) -> None:
        entry = (next(self._history_ids), action, at, actor_id, customer.fields)
        self.history.setdefault(customer.id, []).append(entry)

    def active(self, owner_id: int) -> list[Customer]:
        return [c for c in self.rows.values() if c.owner_id == owner_id and c.id not in self.deleted]

    def get(self, owner_id: int, customer_id: int) -> Customer:
        for customer in self.active(owner_id):
            if customer.id == customer_id:
                return customer
        raise CustomerNotFound()

    def taken(self, owner_id: int, phone_number: str, exclude_id: int | None = None) -> bool:
        # add/update enforce uniqueness themselves, like the database constraint does
        return any(c.phone_number == phone_number and c.id != exclude_id for c in self.active(owner_id))

    def add(self, owner_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        if self.taken(owner_id, fields.phone_number):
            raise DuplicatePhoneNumber()
        now = self.now()
        customer = Customer(
            id=next(self._ids), owner_id=owner_id, created_at=now, updated_at=now, **_values(fields)
        )
        self.rows[customer.id] = customer
        self.record(customer, "created", actor_id, now)
        return customer

    def update(self, current: Customer, fields: CustomerFields) -> Customer:
        updated = replace(current, updated_at=self.now(), version=current.version + 1, **_values(fields))
        self.rows[current.id] = updated
        return updated

    def deleted_of(self, owner_id: int) -> list[DeletedCustomer]:
        found = [
            DeletedCustomer(customer=self.rows[cid], deleted_at=at)
            for cid, at in self.deleted.items()
            if self.rows[cid].owner_id == owner_id
        ]
        return sorted(found, key=lambda d: (d.deleted_at, d.customer.id), reverse=True)

    def get_deleted(self, owner_id: int, customer_id: int) -> DeletedCustomer:
        for deleted in self.deleted_of(owner_id):
            if deleted.customer.id == customer_id:
                return deleted
        raise CustomerNotFound()

    def history_of(self, owner_id: int, customer_id: int) -> list[HistoryEntry]:
        """A customer's history entries, newest first; `CustomerNotFound` for another owner's."""
        customer = self.rows.get(customer_id)
        if customer is None or customer.owner_id != owner_id:
            raise CustomerNotFound()
        recorded = self.history.get(customer_id, [])
        entries = [
            HistoryEntry(
                id=history_id,
                action=action,
                at=at,
                by=actor,
                changes=changes_between(recorded[index - 1][4] if index else None, values),
            )
            for index, (history_id, action, at, actor, values) in enumerate(recorded)
        ]
        return list(reversed(entries))

    def erase(self, customer_ids: list[int], actor_id: int | None, reason: ErasureReason) -> int:
        for cid in customer_ids:
            self.deleted.pop(cid, None)
            del self.rows[cid]
            self.history.pop(cid, None)
            self.erasures.append((cid, actor_id, reason))
        return len(customer_ids)


class OnBook:
    """A fake for one concern, reading and writing a (possibly shared) `FakeBook`."""

    def __init__(self, book: FakeBook | None = None) -> None:
        self.book = book if book is not None else FakeBook()


def _values(fields: CustomerFields) -> dict[str, object]:
    return {name: getattr(fields, name) for name in EDITABLE_FIELDS}


def window(
    ordered: list,
    key: Callable,
    descending: bool,
    limit: int,
    after: SortPosition | None,
    before: SortPosition | None,
) -> KeysetSlice:
    """`ordered` (already in its order) read from a position, as the Django repository does."""

    def beyond(item: object, boundary: SortPosition) -> bool:
        mine, theirs = key(item), (boundary.value, boundary.id)
        return mine < theirs if descending else mine > theirs

    if before is not None:
        earlier = [
            item for item in ordered if not beyond(item, before) and key(item) != (before.value, before.id)
        ]
        return KeysetSlice(items=earlier[-limit:], has_more=len(earlier) > limit)
    if after is not None:
        ordered = [item for item in ordered if beyond(item, after)]
    return KeysetSlice(items=ordered[:limit], has_more=len(ordered) > limit)
