"""`CustomerService`: the one object the edges call, composed of the concern selectors and
services. Each method hands over to the concern that owns it; no rule lives here."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from common.exceptions import ErrorDetail
from customers.domain.entities import (
    CursorPage,
    Customer,
    CustomerFields,
    DeletedCustomer,
    ErasureReason,
    HistoryEntry,
    ImportReport,
    Page,
    PersonalData,
    Position,
    SortPosition,
)
from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.domain.ports import NULL_PUBLISHER, EventPublisher
from customers.domain.queries import CustomerQuery
from customers.domain.services.fields import FieldRules
from customers.domain.services.find import FindSelector
from customers.domain.services.history import HistorySelector
from customers.domain.services.personal_data import ErasureService, PersonalDataSelector
from customers.domain.services.records import RecordSelector, RecordService
from customers.domain.services.transfer import ExportSelector, ImportService
from customers.domain.services.trash import TrashSelector, TrashService


class CustomerService:
    def __init__(
        self,
        *,
        repository: CustomerRepository,
        today: Callable[[], date],
        default_region: str,
        events: EventPublisher = NULL_PUBLISHER,
    ) -> None:
        self.rules = FieldRules(today=today, default_region=default_region)
        self.records = RecordSelector(repository=repository)
        self.record_changes = RecordService(repository=repository, rules=self.rules, events=events)
        self.find = FindSelector(repository=repository, records=self.records, today=today)
        self.trash = TrashSelector(repository=repository)
        self.trash_changes = TrashService(repository=repository, records=repository, events=events)
        self.history = HistorySelector(repository=repository)
        self.export = ExportSelector(repository=repository)
        self.imports = ImportService(repository=repository, rules=self.rules)
        self.personal = PersonalDataSelector(
            repository=repository, records=repository, trash=repository, history=repository
        )
        self.erasure = ErasureService(repository=repository, records=repository, events=events)

    def today(self) -> date:
        return self.rules.today()

    # --- active customers -------------------------------------------------------------
    def list_customers(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        return self.records.list_customers(owner_id=owner_id, offset=offset, limit=limit)

    def list_customers_after(
        self, *, owner_id: int, limit: int, after: Position | None = None, before: Position | None = None
    ) -> CursorPage[Customer]:
        return self.records.list_customers_after(owner_id=owner_id, limit=limit, after=after, before=before)

    def get_customer(self, *, owner_id: int, customer_id: int) -> Customer:
        return self.records.get_customer(owner_id=owner_id, customer_id=customer_id)

    def create_customer(self, *, owner_id: int, actor_id: int, **values: Any) -> Customer:
        return self.record_changes.create_customer(owner_id=owner_id, actor_id=actor_id, **values)

    def update_customer(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        changes: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Customer:
        return self.record_changes.update_customer(
            owner_id=owner_id,
            customer_id=customer_id,
            actor_id=actor_id,
            changes=changes,
            expected_version=expected_version,
        )

    def delete_customer(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        self.record_changes.delete_customer(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, expected_version=expected_version
        )

    def validate(self, *, owner_id: int, existing: Customer | None = None, **values: Any) -> CustomerFields:
        return self.record_changes.validate(owner_id=owner_id, existing=existing, **values)

    def check_fields(self, *, existing: Customer | None = None, **values: Any) -> CustomerFields:
        return self.rules.check_fields(existing=existing, **values)

    # --- find -----------------------------------------------------------------------
    def build_query(
        self,
        *,
        search: str = "",
        age_min: int | None = None,
        age_max: int | None = None,
        created_from: datetime | None = None,
        created_before: datetime | None = None,
        ordering: str = "",
    ) -> CustomerQuery:
        return self.find.build_query(
            search=search,
            age_min=age_min,
            age_max=age_max,
            created_from=created_from,
            created_before=created_before,
            ordering=ordering,
        )

    def find_customers(
        self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int
    ) -> Page[Customer]:
        return self.find.find_customers(owner_id=owner_id, query=query, offset=offset, limit=limit)

    def find_customers_after(
        self,
        *,
        owner_id: int,
        query: CustomerQuery,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> CursorPage[Customer]:
        return self.find.find_customers_after(
            owner_id=owner_id, query=query, limit=limit, after=after, before=before
        )

    def possible_duplicates(self, *, owner_id: int, customer: Customer) -> list[ErrorDetail]:
        return self.find.possible_duplicates(owner_id=owner_id, customer=customer)

    # --- trash ----------------------------------------------------------------------
    def list_deleted_customers(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        return self.trash.list_deleted_customers(owner_id=owner_id, offset=offset, limit=limit)

    def list_deleted_customers_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> CursorPage[DeletedCustomer]:
        return self.trash.list_deleted_customers_after(
            owner_id=owner_id, limit=limit, after=after, before=before
        )

    def get_deleted_customer(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        return self.trash.get_deleted_customer(owner_id=owner_id, customer_id=customer_id)

    def restore_customer(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        return self.trash_changes.restore_customer(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id
        )

    # --- history --------------------------------------------------------------------
    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        return self.history.customer_history(
            owner_id=owner_id, customer_id=customer_id, offset=offset, limit=limit
        )

    def customer_history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> CursorPage[HistoryEntry]:
        return self.history.customer_history_after(
            owner_id=owner_id, customer_id=customer_id, limit=limit, after=after, before=before
        )

    # --- import and export ----------------------------------------------------------
    def export_customers(self, *, owner_id: int, query: CustomerQuery) -> Iterator[Customer]:
        return self.export.export_customers(owner_id=owner_id, query=query)

    def import_customers(
        self,
        *,
        owner_id: int,
        actor_id: int,
        rows: Iterable[tuple[int, Mapping[str, str]]],
        dry_run: bool = False,
        skip_invalid: bool = False,
        on_progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        return self.imports.import_customers(
            owner_id=owner_id,
            actor_id=actor_id,
            rows=rows,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            on_progress=on_progress,
        )

    # --- personal data and erasure --------------------------------------------------
    def personal_data(self, *, owner_id: int, customer_id: int) -> PersonalData:
        return self.personal.personal_data(owner_id=owner_id, customer_id=customer_id)

    def erase_customer(
        self, *, owner_id: int, customer_id: int, actor_id: int | None, reason: ErasureReason = "owner"
    ) -> None:
        self.erasure.erase_customer(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, reason=reason
        )

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        return self.erasure.erase_book(owner_id=owner_id, actor_id=actor_id, reason=reason)

    def purge_deleted(self, *, older_than: datetime) -> int:
        return self.erasure.purge_deleted(older_than=older_than)
