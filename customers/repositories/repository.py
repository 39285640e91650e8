"""The Django ORM side of the customer repository: rows in, domain entities out."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from customers.domain.entities import Customer, CustomerFields, KeysetSlice, Page, Position
from customers.domain.errors import CustomerNotFound, DuplicatePhoneNumber
from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.models import Customer as CustomerModel
from customers.repositories import hot_reads
from customers.repositories.querysets import active_customers_of

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
        # The trigger-maintained count (customer_counts): one primary-key read instead of a
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
