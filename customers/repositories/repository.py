"""The Django ORM side of the customer repository: rows in, domain entities out."""

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from customers.domain.entities import (
    HISTORY_FIELDS,
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
from customers.models import Customer as CustomerModel
from customers.models import CustomerQuerySet
from customers.repositories import erasure, hot_reads
from customers.repositories.querysets import (
    active_customers_of,
    after_row,
    deleted_customers_of,
    keyset_window,
    matching,
    ordered_by,
)

_ENTITY_COLUMNS = hot_reads.COLUMNS  # the entity's fields, in the order the fast reads select them
_HISTORY_COLUMNS = ("history_id", "history_type", "history_change_reason", "history_date", "history_user_id")
_ACTIONS: frozenset[str] = frozenset({"created", "updated", "deleted", "restored"})
# Records written by simple-history's signals (admin, fixtures) carry no action of ours.
_ACTION_BY_HISTORY_TYPE: dict[str, HistoryAction] = {"+": "created", "~": "updated", "-": "deleted"}


def _to_entity(row: dict) -> Customer:
    return Customer(**row)


def entity_from_model(instance: CustomerModel) -> Customer:
    return Customer(**{name: getattr(instance, name) for name in _ENTITY_COLUMNS})


def _new_row(owner_id: int, actor_id: int, fields: CustomerFields) -> CustomerModel:
    """An unsaved row for a new customer, with its folded search name (add and add_many)."""
    return CustomerModel(
        owner_id=owner_id,
        created_by_id=actor_id,
        updated_by_id=actor_id,
        first_name=fields.first_name,
        last_name=fields.last_name,
        phone_number=fields.phone_number,
        date_of_birth=fields.date_of_birth,
        search_name=search_name_of(fields.first_name, fields.last_name),
    )


def _is_phone_conflict(error: IntegrityError) -> bool:
    text = str(error).lower()
    return "customers_unique_active_phone" in text or "phone_number" in text


@cache
def _history() -> Any:
    """simple-history's manager for customers. `CustomerModel.history` builds a new manager
    class on every access (~0.2 ms); the model-level manager holds no per-call state."""
    return CustomerModel.history


def _record_history(row: CustomerModel, *, action: HistoryAction, actor_id: int, at: datetime) -> None:
    """One history row holding `row`'s values after the change (one INSERT). The caller's
    transaction makes it atomic with the change it describes."""
    _history().bulk_history_create(
        [row],
        update=action != "created",
        default_change_reason=action,
        default_date=at,
        custom_historical_attrs={"history_user_id": actor_id},
    )


def _history_action(row: dict[str, Any]) -> HistoryAction:
    reason = row["history_change_reason"]
    if reason in _ACTIONS:
        return reason
    return _ACTION_BY_HISTORY_TYPE.get(row["history_type"], "updated")


def _snapshot(row: dict[str, Any]) -> CustomerFields:
    return CustomerFields(**{name: row[name] for name in HISTORY_FIELDS})


class DjangoCustomerRepository(CustomerRepository):
    def get(self, *, owner_id: int, customer_id: int) -> Customer:
        row = hot_reads.one_row(owner_id, customer_id)
        if row is None:
            raise CustomerNotFound()
        return _to_entity(row)

    def list_page(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        # The trigger-maintained count (customer_counts): one primary-key read instead of a
        # COUNT(*) that grows with the owner's book (the list's bottleneck at 100k customers).
        total = hot_reads.active_count(owner_id)
        if offset >= total:
            return Page(items=[], total=total)
        # OFFSET walks every skipped index entry, so a page in the older half of the book is
        # read from the oldest end (skipping total - end rows instead of offset) and reversed:
        # the last page costs what the first does.
        end = min(offset + limit, total)
        if total - end < offset:
            rows = hot_reads.page_rows_from_oldest(owner_id, total - end, end - offset)
            rows.reverse()
        else:
            rows = hot_reads.page_rows(owner_id, offset, limit)
        return Page(items=[_to_entity(row) for row in rows], total=total)

    def list_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> KeysetSlice[Customer]:
        boundary: tuple[datetime, int] | None = None
        side = hot_reads.OLDER
        if before is not None:
            boundary, side = (before.created_at, before.id), hot_reads.NEWER
        elif after is not None:
            boundary = (after.created_at, after.id)
        # One row more than asked tells whether the walk continues, without a COUNT.
        rows = [_to_entity(row) for row in hot_reads.keyset_rows(owner_id, limit + 1, boundary, side)]
        items = rows[:limit]
        if before is not None:
            items.reverse()
        return KeysetSlice(items=items, has_more=len(rows) > limit)

    def phone_in_use(self, *, owner_id: int, phone_number: str, exclude_id: int | None = None) -> bool:
        matches = active_customers_of(owner_id).filter(phone_number=phone_number)
        if exclude_id is not None:
            matches = matches.exclude(pk=exclude_id)
        return matches.exists()

    def add(self, *, owner_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        row = _new_row(owner_id, actor_id, fields)
        try:
            with transaction.atomic():
                # Recorded explicitly (with the actor) rather than by the post_save signal.
                row.save_without_historical_record(force_insert=True)  # type: ignore[attr-defined]
                _record_history(row, action="created", actor_id=actor_id, at=row.created_at)
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return entity_from_model(row)

    def update(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        change: Callable[[Customer], CustomerFields],
    ) -> Customer:
        now = timezone.now()
        try:
            with transaction.atomic():
                # The row lock (PostgreSQL, MariaDB) holds every other writer of this customer
                # until commit; on SQLite the IMMEDIATE transaction already holds the write lock.
                # Read and written by primary key alone, owner and state checked here: through a
                # secondary index, MariaDB would lock index and row in the opposite order of a
                # concurrent soft delete, and the two would deadlock.
                row = CustomerModel.objects.select_for_update().filter(pk=customer_id).first()
                if row is None or row.owner_id != owner_id or row.deleted_at is not None:
                    raise CustomerNotFound()
                current = entity_from_model(row)
                wanted = change(current)
                values: dict[str, Any] = {
                    name: getattr(wanted, name)
                    for name in HISTORY_FIELDS
                    if getattr(wanted, name) != getattr(current, name)
                }
                if not values:
                    return current
                if "first_name" in values or "last_name" in values:
                    values["search_name"] = search_name_of(wanted.first_name, wanted.last_name)
                values |= {"updated_at": now, "updated_by_id": actor_id}
                # Only the changed columns; the version in the WHERE is a backstop for the lock.
                written = CustomerModel.objects.filter(pk=customer_id, version=current.version).update(
                    **values, version=F("version") + 1
                )
                if not written:
                    raise CustomerChanged()
                for name, value in values.items():
                    setattr(row, name, value)
                row.version = current.version + 1
                _record_history(row, action="updated", actor_id=actor_id, at=now)
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return entity_from_model(row)

    def soft_delete(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        now = timezone.now()
        with transaction.atomic():
            changed = self._matching(owner_id, customer_id, expected_version).update(
                deleted_at=now, deleted_by_id=actor_id, version=F("version") + 1
            )
            if not changed:
                self._raise_missing_or_changed(owner_id, customer_id)
            row = CustomerModel.objects.get(pk=customer_id)
            _record_history(row, action="deleted", actor_id=actor_id, at=now)

    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        # Owner and id are copied into every history row, so one filter scopes it; deleted
        # customers keep theirs. history_id grows with each write: newest first, no ties.
        records = _history().filter(id=customer_id, owner_id=owner_id)
        total = records.count()
        if total == 0:
            if not CustomerModel.objects.owned_by(owner_id).filter(pk=customer_id).exists():
                raise CustomerNotFound()
            return Page(items=[], total=0)
        # One row past the window: the state before the oldest entry shown, to diff against.
        rows = list(
            records.order_by("-history_id").values(*_HISTORY_COLUMNS, *HISTORY_FIELDS)[
                offset : offset + limit + 1
            ]
        )
        return Page(items=_history_entries(rows, limit), total=total)

    def history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[HistoryEntry]:
        records = _history().filter(id=customer_id, owner_id=owner_id)
        columns = (*_HISTORY_COLUMNS, *HISTORY_FIELDS)
        window, has_more = keyset_window(
            records.values(*columns),
            "history_id",
            descending=True,
            limit=limit,
            after=after,
            before=before,
            tiebreak="history_id",
        )
        if not window:
            if not CustomerModel.objects.owned_by(owner_id).filter(pk=customer_id).exists():
                raise CustomerNotFound()
            return KeysetSlice(items=[], has_more=False)
        # The state before the oldest entry shown, to diff against (None: it is the creation).
        oldest = window[-1]["history_id"]
        earlier = records.filter(history_id__lt=oldest).order_by("-history_id").values(*columns)[:1]
        return KeysetSlice(items=_history_entries([*window, *earlier], len(window)), has_more=has_more)

    @staticmethod
    def _matching(owner_id: int, customer_id: int, expected_version: int | None) -> CustomerQuerySet:
        matching = active_customers_of(owner_id).filter(pk=customer_id)
        if expected_version is not None:
            # The version check is part of the UPDATE's WHERE: atomic, no check-then-write race.
            matching = matching.filter(version=expected_version)
        return matching

    @staticmethod
    def _raise_missing_or_changed(owner_id: int, customer_id: int) -> None:
        """Nothing was written: the customer is gone (404) or, since it still exists, the
        expected version was stale (412)."""
        if active_customers_of(owner_id).filter(pk=customer_id).exists():
            raise CustomerChanged()
        raise CustomerNotFound()

    # --- find, trash, bulk ------------------------------------------------------
    def find(self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        matches = matching(active_customers_of(owner_id), query)
        total = matches.count()
        if offset >= total:
            return Page(items=[], total=total)
        rows = ordered_by(matches, query).values(*_ENTITY_COLUMNS)[offset : offset + limit]
        return Page(items=[_to_entity(row) for row in rows], total=total)

    def iterate(self, *, owner_id: int, query: CustomerQuery, chunk_size: int = 2000) -> Iterator[Customer]:
        matches = matching(active_customers_of(owner_id), query)
        if connection.vendor != "mysql":
            # A server-side cursor (PostgreSQL) or SQLite's own stepping: one query, streamed.
            rows = ordered_by(matches, query).values(*_ENTITY_COLUMNS)
            for row in rows.iterator(chunk_size=chunk_size):
                yield _to_entity(row)
            return
        # MySQL drivers buffer a whole result set in memory, so read keyset batches instead:
        # each one starts strictly after the last row of the previous, in the same order.
        batch = list(ordered_by(matches, query).values(*_ENTITY_COLUMNS)[:chunk_size])
        while batch:
            yield from (_to_entity(dict(row)) for row in batch)
            if len(batch) < chunk_size:
                return
            batch = list(
                ordered_by(after_row(matches, query, batch[-1]), query).values(*_ENTITY_COLUMNS)[:chunk_size]
            )

    def same_person(
        self, *, owner_id: int, search_name: str, date_of_birth: date, exclude_id: int
    ) -> list[Customer]:
        rows = hot_reads.same_person_rows(owner_id, search_name, date_of_birth, exclude_id, limit=10)
        return [_to_entity(row) for row in rows]

    def active_phones(self, *, owner_id: int) -> set[str]:
        return set(active_customers_of(owner_id).values_list("phone_number", flat=True))

    def add_many(self, *, owner_id: int, actor_id: int, fields: list[CustomerFields]) -> int:
        rows = [_new_row(owner_id, actor_id, item) for item in fields]
        now = timezone.now()
        try:
            with transaction.atomic():
                CustomerModel.objects.bulk_create(rows, batch_size=1000)
                _history().bulk_history_create(
                    rows,
                    batch_size=1000,
                    default_change_reason="created",
                    default_date=now,
                    custom_historical_attrs={"history_user_id": actor_id},
                )
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return len(rows)

    def add_batches(self, *, owner_id: int, actor_id: int, batches: Iterable[list[CustomerFields]]) -> int:
        stored = 0
        now = timezone.now()
        try:
            with transaction.atomic():
                for batch in batches:
                    rows = [_new_row(owner_id, actor_id, item) for item in batch]
                    CustomerModel.objects.bulk_create(rows, batch_size=1000)
                    _history().bulk_history_create(
                        rows,
                        batch_size=1000,
                        default_change_reason="created",
                        default_date=now,
                        custom_historical_attrs={"history_user_id": actor_id},
                    )
                    stored += len(rows)
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return stored

    def list_deleted(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        deleted = deleted_customers_of(owner_id)
        total = deleted.count()
        if offset >= total:
            return Page(items=[], total=total)
        rows = deleted.order_by("-deleted_at", "-id").values(*_ENTITY_COLUMNS, "deleted_at")[
            offset : offset + limit
        ]
        return Page(items=[_to_deleted(row) for row in rows], total=total)

    def find_after(
        self,
        *,
        owner_id: int,
        query: CustomerQuery,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[Customer]:
        matches = matching(active_customers_of(owner_id), query).values(*_ENTITY_COLUMNS)
        rows, has_more = keyset_window(
            matches, query.order_field, descending=query.descending, limit=limit, after=after, before=before
        )
        return KeysetSlice(items=[_to_entity(row) for row in rows], has_more=has_more)

    def list_deleted_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[DeletedCustomer]:
        deleted = deleted_customers_of(owner_id).values(*_ENTITY_COLUMNS, "deleted_at")
        rows, has_more = keyset_window(
            deleted, "deleted_at", descending=True, limit=limit, after=after, before=before
        )
        return KeysetSlice(items=[_to_deleted(row) for row in rows], has_more=has_more)

    def get_deleted(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        row = (
            deleted_customers_of(owner_id)
            .filter(pk=customer_id)
            .values(*_ENTITY_COLUMNS, "deleted_at")
            .first()
        )
        if row is None:
            raise CustomerNotFound()
        return _to_deleted(row)

    def restore(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        now = timezone.now()
        try:
            with transaction.atomic():
                # Lock the row by primary key before the UPDATE looks it up through the trash
                # index, in the order an erase takes its locks: the other order deadlocked
                # against a simultaneous erase on MariaDB (tests/races/test_erase_races.py).
                CustomerModel.objects.select_for_update().filter(pk=customer_id).values_list("pk").first()
                changed = (
                    deleted_customers_of(owner_id)
                    .filter(pk=customer_id)
                    .update(
                        deleted_at=None,
                        deleted_by_id=None,
                        updated_at=now,
                        updated_by_id=actor_id,
                        version=F("version") + 1,
                    )
                )
                if not changed:
                    raise CustomerNotFound()
                row = CustomerModel.objects.get(pk=customer_id)
                _record_history(row, action="restored", actor_id=actor_id, at=now)
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise PhoneReusedOnRestore() from error
            raise
        return entity_from_model(row)

    # --- erasure ---------------------------------------------------------------
    def purge_deleted_before(self, *, cutoff: datetime) -> int:
        matching = CustomerModel.objects.filter(deleted_at__lt=cutoff)
        return erasure.erase(matching, actor_id=None, reason="retention", history=_history())

    def erase_deleted(
        self, *, owner_id: int, customer_id: int, actor_id: int | None, reason: ErasureReason
    ) -> bool:
        matching = deleted_customers_of(owner_id).filter(pk=customer_id)
        return erasure.erase(matching, actor_id=actor_id, reason=reason, history=_history()) == 1

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        matching = CustomerModel.objects.owned_by(owner_id)
        with transaction.atomic():
            erased = erasure.erase(matching, actor_id=actor_id, reason=reason, history=_history())
            # Also rows left in the owner's book by customers removed before erasure existed,
            # or moved to another owner by staff: the history of this book goes with it.
            _history().filter(owner_id=owner_id).delete()
        return erased

    def stored_copies(self, *, owner_id: int, customer: Customer) -> list[StoredCopy]:
        person = {
            "id": customer.id,
            "owner_id": owner_id,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "phone_number": customer.phone_number,
        }
        return erasure.stored_copies(owner_id=owner_id, person=person)


def _history_entries(rows: list[dict[str, Any]], limit: int) -> list[HistoryEntry]:
    """Up to `limit` entries from history rows newest first; the row after each is the state
    it changed from."""
    entries = []
    for index, row in enumerate(rows[:limit]):
        before = _snapshot(rows[index + 1]) if index + 1 < len(rows) else None
        entries.append(
            HistoryEntry(
                id=row["history_id"],
                action=_history_action(row),
                at=row["history_date"],
                by=row["history_user_id"],
                changes=changes_between(before, _snapshot(row)),
            )
        )
    return entries


def _to_deleted(row: dict) -> DeletedCustomer:
    deleted_at = row.pop("deleted_at")
    return DeletedCustomer(customer=_to_entity(row), deleted_at=deleted_at)
