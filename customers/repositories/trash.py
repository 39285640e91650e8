"""Trash: the owner's deleted customers, by page or by position, and their restore."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from customers.domain.entities import Customer, DeletedCustomer, KeysetSlice, Page, SortPosition
from customers.domain.errors import CustomerNotFound, PhoneReusedOnRestore
from customers.domain.interfaces.trash import TrashRepository
from customers.models import Customer as CustomerModel
from customers.repositories.querysets import deleted_customers_of, keyset_window
from customers.repositories.rows import (
    ENTITY_COLUMNS,
    entity_from_model,
    is_phone_conflict,
    record_history,
    to_deleted,
)


class DjangoTrashRepository(TrashRepository):
    def list_deleted(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        deleted = deleted_customers_of(owner_id)
        total = deleted.count()
        if offset >= total:
            return Page(items=[], total=total)
        rows = deleted.order_by("-deleted_at", "-id").values(*ENTITY_COLUMNS, "deleted_at")[
            offset : offset + limit
        ]
        return Page(items=[to_deleted(row) for row in rows], total=total)

    def list_deleted_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[DeletedCustomer]:
        deleted = deleted_customers_of(owner_id).values(*ENTITY_COLUMNS, "deleted_at")
        rows, has_more = keyset_window(
            deleted, "deleted_at", descending=True, limit=limit, after=after, before=before
        )
        return KeysetSlice(items=[to_deleted(row) for row in rows], has_more=has_more)

    def get_deleted(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        row = (
            deleted_customers_of(owner_id)
            .filter(pk=customer_id)
            .values(*ENTITY_COLUMNS, "deleted_at")
            .first()
        )
        if row is None:
            raise CustomerNotFound()
        return to_deleted(row)

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
                record_history(row, action="restored", actor_id=actor_id, at=now)
        except IntegrityError as error:
            if is_phone_conflict(error):
                raise PhoneReusedOnRestore() from error
            raise
        return entity_from_model(row)
