"""Records: one customer read, the lists, and the writes that add, change and delete one."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from customers.domain.entities import HISTORY_FIELDS, Customer, CustomerFields, KeysetSlice, Page, Position
from customers.domain.errors import CustomerChanged, CustomerNotFound, DuplicatePhoneNumber
from customers.domain.interfaces.records import RecordRepository
from customers.domain.rules import search_name_of
from customers.models import Customer as CustomerModel
from customers.models import CustomerQuerySet
from customers.repositories import hot_reads
from customers.repositories.querysets import active_customers_of
from customers.repositories.rows import (
    entity_from_model,
    is_phone_conflict,
    new_row,
    record_history,
    to_entity,
)


class DjangoRecordRepository(RecordRepository):
    def get(self, *, owner_id: int, customer_id: int) -> Customer:
        row = hot_reads.one_row(owner_id, customer_id)
        if row is None:
            raise CustomerNotFound()
        return to_entity(row)

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
        return Page(items=[to_entity(row) for row in rows], total=total)

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
        rows = [to_entity(row) for row in hot_reads.keyset_rows(owner_id, limit + 1, boundary, side)]
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
        row = new_row(owner_id, actor_id, fields)
        try:
            with transaction.atomic():
                # Recorded explicitly (with the actor) rather than by the post_save signal.
                row.save_without_historical_record(force_insert=True)  # type: ignore[attr-defined]
                record_history(row, action="created", actor_id=actor_id, at=row.created_at)
        except IntegrityError as error:
            if is_phone_conflict(error):
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
                record_history(row, action="updated", actor_id=actor_id, at=now)
        except IntegrityError as error:
            if is_phone_conflict(error):
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
            record_history(row, action="deleted", actor_id=actor_id, at=now)

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
