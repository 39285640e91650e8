"""Import and export: every matching customer streamed in order, and customers added in bulk
with their history, all or nothing."""

from collections.abc import Iterable, Iterator

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from customers.domain.entities import Customer, CustomerFields
from customers.domain.errors import DuplicatePhoneNumber
from customers.domain.interfaces.transfer import TransferRepository
from customers.domain.queries import CustomerQuery
from customers.models import Customer as CustomerModel
from customers.repositories.querysets import active_customers_of, after_row, matching, ordered_by
from customers.repositories.rows import ENTITY_COLUMNS, history_manager, is_phone_conflict, new_row, to_entity


class DjangoTransferRepository(TransferRepository):
    def iterate(self, *, owner_id: int, query: CustomerQuery, chunk_size: int = 2000) -> Iterator[Customer]:
        matches = matching(active_customers_of(owner_id), query)
        if connection.vendor != "mysql":
            # A server-side cursor (PostgreSQL) or SQLite's own stepping: one query, streamed.
            rows = ordered_by(matches, query).values(*ENTITY_COLUMNS)
            for row in rows.iterator(chunk_size=chunk_size):
                yield to_entity(row)
            return
        # MySQL drivers buffer a whole result set in memory, so read keyset batches instead:
        # each one starts strictly after the last row of the previous, in the same order.
        batch = list(ordered_by(matches, query).values(*ENTITY_COLUMNS)[:chunk_size])
        while batch:
            yield from (to_entity(dict(row)) for row in batch)
            if len(batch) < chunk_size:
                return
            batch = list(
                ordered_by(after_row(matches, query, batch[-1]), query).values(*ENTITY_COLUMNS)[:chunk_size]
            )

    def active_phones(self, *, owner_id: int) -> set[str]:
        return set(active_customers_of(owner_id).values_list("phone_number", flat=True))

    def add_many(self, *, owner_id: int, actor_id: int, fields: list[CustomerFields]) -> int:
        rows = [new_row(owner_id, actor_id, item) for item in fields]
        now = timezone.now()
        try:
            with transaction.atomic():
                CustomerModel.objects.bulk_create(rows, batch_size=1000)
                history_manager().bulk_history_create(
                    rows,
                    batch_size=1000,
                    default_change_reason="created",
                    default_date=now,
                    custom_historical_attrs={"history_user_id": actor_id},
                )
        except IntegrityError as error:
            if is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return len(rows)

    def add_batches(self, *, owner_id: int, actor_id: int, batches: Iterable[list[CustomerFields]]) -> int:
        stored = 0
        now = timezone.now()
        try:
            with transaction.atomic():
                for batch in batches:
                    rows = [new_row(owner_id, actor_id, item) for item in batch]
                    CustomerModel.objects.bulk_create(rows, batch_size=1000)
                    history_manager().bulk_history_create(
                        rows,
                        batch_size=1000,
                        default_change_reason="created",
                        default_date=now,
                        custom_historical_attrs={"history_user_id": actor_id},
                    )
                    stored += len(rows)
        except IntegrityError as error:
            if is_phone_conflict(error):
                raise DuplicatePhoneNumber() from error
            raise
        return stored
