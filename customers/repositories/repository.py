"""The Django ORM side of the customer repository: rows in, domain entities out."""

from collections.abc import Iterator
from datetime import date, datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from customers.domain.entities import (
    Customer,
    CustomerFields,
    DeletedCustomer,
    KeysetSlice,
    Page,
    Position,
)
from customers.domain.errors import CustomerNotFound, DuplicatePhoneNumber, PhoneReusedOnRestore
from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.domain.queries import CustomerQuery
from customers.domain.rules import search_name_of
from customers.models import Customer as CustomerModel
from customers.repositories import hot_reads
from customers.repositories.querysets import (
    active_customers_of,
    after_row,
    deleted_customers_of,
    matching,
    ordered_by,
)

_ENTITY_COLUMNS = (
    "id",
    "owner_id",
    "first_name",
    "last_name",
    "phone_number",
    "date_of_birth",
    "created_at",
    "updated_at",
)


def _to_entity(row: dict) -> Customer:
    return Customer(**row)


def entity_from_model(instance: CustomerModel) -> Customer:
    return Customer(**{name: getattr(instance, name) for name in _ENTITY_COLUMNS})


def _is_phone_conflict(error: IntegrityError) -> bool:
    text = str(error).lower()
    return "customers_unique_active_phone" in text or "phone_number" in text


class DjangoCustomerRepository(CustomerRepository):
    def get(self, *, owner_id: int, customer_id: int) -> Customer:
        row = active_customers_of(owner_id).filter(pk=customer_id).values(*_ENTITY_COLUMNS).first()
        if row is None:
            raise CustomerNotFound()
        return _to_entity(row)

    def list_page(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        # The trigger-maintained count (customers_counts): one primary-key read instead of a
        # COUNT(*) that grows with the owner's book (the list's bottleneck at 100k customers).
        total = hot_reads.active_count(owner_id)
        if offset >= total:
            return Page(items=[], total=total)
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
        try:
            with transaction.atomic():
                row = CustomerModel.objects.create(
                    owner_id=owner_id,
                    created_by_id=actor_id,
                    updated_by_id=actor_id,
                    first_name=fields.first_name,
                    last_name=fields.last_name,
                    phone_number=fields.phone_number,
                    date_of_birth=fields.date_of_birth,
                    search_name=search_name_of(fields.first_name, fields.last_name),
                )
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return entity_from_model(row)

    def update(self, *, owner_id: int, customer_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        now = timezone.now()
        try:
            with transaction.atomic():
                changed = (
                    active_customers_of(owner_id)
                    .filter(pk=customer_id)
                    .update(
                        first_name=fields.first_name,
                        last_name=fields.last_name,
                        phone_number=fields.phone_number,
                        date_of_birth=fields.date_of_birth,
                        search_name=search_name_of(fields.first_name, fields.last_name),
                        updated_at=now,
                        updated_by_id=actor_id,
                    )
                )
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        if not changed:
            raise CustomerNotFound()
        return self.get(owner_id=owner_id, customer_id=customer_id)

    def soft_delete(self, *, owner_id: int, customer_id: int, actor_id: int) -> None:
        changed = (
            active_customers_of(owner_id)
            .filter(pk=customer_id)
            .update(deleted_at=timezone.now(), deleted_by_id=actor_id)
        )
        if not changed:
            raise CustomerNotFound()

    # --- find, trash, bulk (issue 7) ------------------------------------------------------
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
        rows = (
            active_customers_of(owner_id)
            .filter(search_name=search_name, date_of_birth=date_of_birth)
            .exclude(pk=exclude_id)
            .order_by("id")
            .values(*_ENTITY_COLUMNS)[:10]
        )
        return [_to_entity(row) for row in rows]

    def active_phones(self, *, owner_id: int) -> set[str]:
        return set(active_customers_of(owner_id).values_list("phone_number", flat=True))

    def add_many(self, *, owner_id: int, actor_id: int, fields: list[CustomerFields]) -> int:
        rows = [
            CustomerModel(
                owner_id=owner_id,
                created_by_id=actor_id,
                updated_by_id=actor_id,
                first_name=item.first_name,
                last_name=item.last_name,
                phone_number=item.phone_number,
                date_of_birth=item.date_of_birth,
                search_name=search_name_of(item.first_name, item.last_name),
            )
            for item in fields
        ]
        try:
            with transaction.atomic():
                CustomerModel.objects.bulk_create(rows, batch_size=1000)
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return len(rows)

    def list_deleted(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        deleted = deleted_customers_of(owner_id)
        total = deleted.count()
        if offset >= total:
            return Page(items=[], total=total)
        rows = deleted.order_by("-deleted_at", "-id").values(*_ENTITY_COLUMNS, "deleted_at")[
            offset : offset + limit
        ]
        return Page(items=[_to_deleted(row) for row in rows], total=total)

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
        try:
            with transaction.atomic():
                changed = (
                    deleted_customers_of(owner_id)
                    .filter(pk=customer_id)
                    .update(
                        deleted_at=None, deleted_by_id=None, updated_at=timezone.now(), updated_by_id=actor_id
                    )
                )
        except IntegrityError as error:
            if _is_phone_conflict(error):
                raise PhoneReusedOnRestore() from error
            raise
        if not changed:
            raise CustomerNotFound()
        return self.get(owner_id=owner_id, customer_id=customer_id)

    def purge_deleted_before(self, *, cutoff: datetime) -> int:
        deleted, _ = CustomerModel.objects.filter(deleted_at__lt=cutoff).delete()
        return deleted


def _to_deleted(row: dict) -> DeletedCustomer:
    deleted_at = row.pop("deleted_at")
    return DeletedCustomer(customer=_to_entity(row), deleted_at=deleted_at)
