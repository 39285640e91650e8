"""An in-memory customer repository for fast service tests. The repository contract suite
runs against it and the Django repository alike, so it cannot drift from the real one."""

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from customers.domain.entities import (
    Customer,
    CustomerFields,
    DeletedCustomer,
    ErasureReason,
    HistoryAction,
    HistoryEntry,
    KeysetSlice,
    Page,
    Position,
    SortPosition,
    StoredCopy,
    changes_between,
)
from customers.domain.errors import (
    CustomerChanged,
    CustomerNotFound,
    DuplicatePhoneNumber,
    PhoneReusedOnRestore,
)
from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.domain.queries import CustomerQuery
from customers.domain.rules import search_name_of


class InMemoryCustomerRepository(CustomerRepository):
    def __init__(self) -> None:
        self._rows: dict[int, Customer] = {}
        self._deleted: dict[int, datetime] = {}
        self._ids = itertools.count(1)
        self._clock = itertools.count()
        self._epoch = datetime(2024, 1, 1, tzinfo=UTC)
        # customer id → [(history id, action, at, actor, values after)], oldest first
        self._history: dict[int, list[tuple[int, HistoryAction, datetime, int, CustomerFields]]] = {}
        self._history_ids = itertools.count(1)
        # (customer id, actor, reason) of every erasure: the audit record, no personal data
        self.erasures: list[tuple[int, int | None, ErasureReason]] = []

    def _record(self, customer: Customer, action: HistoryAction, actor_id: int, at: datetime) -> None:
        entry = (next(self._history_ids), action, at, actor_id, customer.fields)
        self._history.setdefault(customer.id, []).append(entry)

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
        self._record(customer, "created", actor_id, now)
        return customer

    def update(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        change: Callable[[Customer], CustomerFields],
    ) -> Customer:
        current = self.get(owner_id=owner_id, customer_id=customer_id)
        fields = change(current)
        if fields == current.fields:
            return current
        if self._taken(owner_id, fields.phone_number, customer_id):
            raise DuplicatePhoneNumber()
        updated = replace(
            current,
            first_name=fields.first_name,
            last_name=fields.last_name,
            phone_number=fields.phone_number,
            date_of_birth=fields.date_of_birth,
            updated_at=self._now(),
            version=current.version + 1,
        )
        self._rows[customer_id] = updated
        self._record(updated, "updated", actor_id, updated.updated_at)
        return updated

    def soft_delete(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        current = self._current(owner_id, customer_id, expected_version)
        self._rows[customer_id] = replace(current, version=current.version + 1)
        self._deleted[customer_id] = self._now()
        self._record(current, "deleted", actor_id, self._now())

    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        customer = self._rows.get(customer_id)
        if customer is None or customer.owner_id != owner_id:
            raise CustomerNotFound()
        recorded = self._history.get(customer_id, [])
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
        newest_first = list(reversed(entries))
        return Page(items=newest_first[offset : offset + limit], total=len(entries))

    def _current(self, owner_id: int, customer_id: int, expected_version: int | None) -> Customer:
        current = self.get(owner_id=owner_id, customer_id=customer_id)
        if expected_version is not None and current.version != expected_version:
            raise CustomerChanged()
        return current

    # --- find, trash, bulk ------------------------------------------------------
    def _matching(self, owner_id: int, query: CustomerQuery) -> list[Customer]:
        def matches(c: Customer) -> bool:
            name = search_name_of(c.first_name, c.last_name)
            searched = not (query.name_terms or query.phone_digits)
            if query.name_terms and all(term in name for term in query.name_terms):
                searched = True
            if query.phone_digits and query.phone_digits in c.phone_number:
                searched = True
            return (
                searched
                and (query.born_from is None or c.date_of_birth >= query.born_from)
                and (query.born_to is None or c.date_of_birth <= query.born_to)
                and (query.created_from is None or c.created_at >= query.created_from)
                and (query.created_before is None or c.created_at < query.created_before)
            )

        found = [c for c in self._active(owner_id) if matches(c)]
        field = query.order_field
        return sorted(found, key=lambda c: (getattr(c, field), c.id), reverse=query.descending)

    def find(self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        found = self._matching(owner_id, query)
        return Page(items=found[offset : offset + limit], total=len(found))

    def iterate(self, *, owner_id: int, query: CustomerQuery, chunk_size: int = 2000) -> Iterator[Customer]:
        yield from self._matching(owner_id, query)

    def same_person(
        self, *, owner_id: int, search_name: str, date_of_birth: date, exclude_id: int
    ) -> list[Customer]:
        return [
            c
            for c in sorted(self._active(owner_id), key=lambda c: c.id)
            if c.id != exclude_id
            and c.date_of_birth == date_of_birth
            and search_name_of(c.first_name, c.last_name) == search_name
        ][:10]

    def active_phones(self, *, owner_id: int) -> set[str]:
        return {c.phone_number for c in self._active(owner_id)}

    def add_many(self, *, owner_id: int, actor_id: int, fields: list[CustomerFields]) -> int:
        phones = [item.phone_number for item in fields]
        if len(set(phones)) != len(phones) or set(phones) & self.active_phones(owner_id=owner_id):
            raise DuplicatePhoneNumber()
        for item in fields:
            self.add(owner_id=owner_id, actor_id=actor_id, fields=item)
        return len(fields)

    def add_batches(self, *, owner_id: int, actor_id: int, batches: Iterable[list[CustomerFields]]) -> int:
        # All or nothing: nothing is stored until the last batch has been read.
        everything = [item for batch in batches for item in batch]
        return self.add_many(owner_id=owner_id, actor_id=actor_id, fields=everything)

    def _deleted_of(self, owner_id: int) -> list[DeletedCustomer]:
        found = [
            DeletedCustomer(customer=self._rows[cid], deleted_at=at)
            for cid, at in self._deleted.items()
            if self._rows[cid].owner_id == owner_id
        ]
        return sorted(found, key=lambda d: (d.deleted_at, d.customer.id), reverse=True)

    def list_deleted(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        found = self._deleted_of(owner_id)
        return Page(items=found[offset : offset + limit], total=len(found))

    def get_deleted(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        for deleted in self._deleted_of(owner_id):
            if deleted.customer.id == customer_id:
                return deleted
        raise CustomerNotFound()

    def restore(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        deleted = self.get_deleted(owner_id=owner_id, customer_id=customer_id)
        if self._taken(owner_id, deleted.customer.phone_number):
            raise PhoneReusedOnRestore()
        del self._deleted[customer_id]
        now = self._now()
        restored = replace(deleted.customer, updated_at=now, version=deleted.customer.version + 1)
        self._rows[customer_id] = restored
        self._record(restored, "restored", actor_id, now)
        return restored

    def _erase(self, customer_ids: list[int], actor_id: int | None, reason: ErasureReason) -> int:
        for cid in customer_ids:
            self._deleted.pop(cid, None)
            del self._rows[cid]
            self._history.pop(cid, None)
            self.erasures.append((cid, actor_id, reason))
        return len(customer_ids)

    def purge_deleted_before(self, *, cutoff: datetime) -> int:
        old = [cid for cid, at in self._deleted.items() if at < cutoff]
        return self._erase(old, None, "retention")

    def erase_deleted(
        self, *, owner_id: int, customer_id: int, actor_id: int | None, reason: ErasureReason
    ) -> bool:
        if customer_id not in self._deleted or self._rows[customer_id].owner_id != owner_id:
            return False
        return self._erase([customer_id], actor_id, reason) == 1

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        ids = [cid for cid, customer in self._rows.items() if customer.owner_id == owner_id]
        return self._erase(ids, actor_id, reason)

    def stored_copies(self, *, owner_id: int, customer: Customer) -> list[StoredCopy]:
        return []  # the fake keeps no copies outside the record and its history

    # --- keyset windows ---------------------------------------------------------------------
    def find_after(
        self,
        *,
        owner_id: int,
        query: CustomerQuery,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[Customer]:
        field = query.order_field
        found = self._matching(owner_id, query)
        return _window(found, lambda c: (getattr(c, field), c.id), query.descending, limit, after, before)

    def list_deleted_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[DeletedCustomer]:
        found = self._deleted_of(owner_id)
        return _window(found, lambda d: (d.deleted_at, d.customer.id), True, limit, after, before)

    def history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[HistoryEntry]:
        entries = self.customer_history(owner_id=owner_id, customer_id=customer_id, offset=0, limit=10**9)
        return _window(entries.items, lambda e: (e.id, e.id), True, limit, after, before)


def _window(
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
