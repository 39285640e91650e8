"""The customer service: every rule about customers is applied here, whichever edge calls."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from common.exceptions import ErrorDetail, ValidationFailed
from customers.domain import rules
from customers.domain.entities import (
    EDITABLE_FIELDS,
    IMPORT_REPORT_ROWS,
    CursorPage,
    Customer,
    CustomerFields,
    DeletedCustomer,
    ErasureReason,
    HistoryEntry,
    ImportReport,
    KeysetSlice,
    Page,
    PersonalData,
    Position,
    RowProblem,
    SortPosition,
)
from customers.domain.errors import (
    CustomerChanged,
    CustomerNotFound,
    CustomerNotInTrash,
    CustomerValidationError,
    DuplicatePhoneNumber,
    ImportRowsInvalid,
    NothingToUpdate,
    PhoneReusedOnRestore,
)
from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.domain.queries import ORDERING_FIELDS, CustomerQuery

# Customers an import stores per INSERT (and holds in memory at once).
IMPORT_BATCH_SIZE = 1000


class CustomerService:
    def __init__(
        self,
        *,
        repository: CustomerRepository,
        today: Callable[[], date],
        default_region: str,
    ) -> None:
        self._repository = repository
        self._today = today
        self._default_region = default_region

    # --- queries ------------------------------------------------------------------------
    def list_customers(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        return self._repository.list_page(owner_id=owner_id, offset=offset, limit=limit)

    def list_customers_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> CursorPage[Customer]:
        """A keyset window of the owner's active customers, newest first, with the positions
        to walk on from. Deep windows cost the same as the first (an index seek, no count).

        `after` continues towards older customers, `before` goes back towards newer ones;
        neither starts at the newest. Giving both is a programming error.
        """
        _one_side(after, before)
        window = self._repository.list_after(owner_id=owner_id, limit=limit, after=after, before=before)
        return _cursor_page(window, lambda customer: customer.position, after=after, before=before)

    def find_customers_after(
        self,
        *,
        owner_id: int,
        query: CustomerQuery,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> CursorPage[Customer]:
        """`list_customers_after` for a search, filters and any ordering: positions are the
        boundary row's value of `query.order_field` and its id. (The plain newest-first list
        has its own faster seek: `list_customers_after`.)"""
        _one_side(after, before)
        window = self._repository.find_after(
            owner_id=owner_id, query=query, limit=limit, after=after, before=before
        )
        field = query.order_field
        return _cursor_page(
            window, lambda c: SortPosition(value=getattr(c, field), id=c.id), after=after, before=before
        )

    def list_deleted_customers_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> CursorPage[DeletedCustomer]:
        """A keyset window of the trash, most recently deleted first."""
        _one_side(after, before)
        window = self._repository.list_deleted_after(
            owner_id=owner_id, limit=limit, after=after, before=before
        )
        return _cursor_page(
            window, lambda d: SortPosition(value=d.deleted_at, id=d.customer.id), after=after, before=before
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
        """A keyset window of a customer's history, newest first."""
        _one_side(after, before)
        window = self._repository.history_after(
            owner_id=owner_id, customer_id=customer_id, limit=limit, after=after, before=before
        )
        return _cursor_page(window, lambda e: SortPosition(value=e.id, id=e.id), after=after, before=before)

    def get_customer(self, *, owner_id: int, customer_id: int) -> Customer:
        return self._repository.get(owner_id=owner_id, customer_id=customer_id)

    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        """Who changed what and when, newest first; readable for the owner's deleted customers too."""
        return self._repository.customer_history(
            owner_id=owner_id, customer_id=customer_id, offset=offset, limit=limit
        )

    def today(self) -> date:
        return self._today()

    # --- commands -----------------------------------------------------------------------
    def create_customer(
        self,
        *,
        owner_id: int,
        actor_id: int,
        first_name: str,
        last_name: str = "",
        phone_number: str,
        date_of_birth: date,
    ) -> Customer:
        """Create a customer in the owner's book after every rule has passed.

        The phone rule is not pre-checked with a query here: `add` must refuse a taken
        number with `DuplicatePhoneNumber` anyway (the database constraint is what wins a
        race), so asking first would only cost every create one more round trip.
        """
        fields = self.check_fields(
            first_name=first_name,
            last_name=last_name,
            phone_number=phone_number,
            date_of_birth=date_of_birth,
        )
        return self._repository.add(owner_id=owner_id, actor_id=actor_id, fields=fields)

    def update_customer(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        changes: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Customer:
        """Apply `changes` (any non-empty subset of the editable fields) to an active customer.

        The repository holds the customer locked while the rules run on its current state and
        writes only the fields that differ, so a concurrent change to another field survives.
        With `expected_version` (the version the caller read), `CustomerChanged` is raised
        instead of overwriting a newer change. An update naming no field is `NothingToUpdate`.
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise CustomerValidationError(
                [ErrorDetail(name, "unknown_field", "This field cannot be set.") for name in sorted(unknown)]
            )
        if not changes:
            raise NothingToUpdate(EDITABLE_FIELDS)

        def change(current: Customer) -> CustomerFields:
            if expected_version is not None and current.version != expected_version:
                raise CustomerChanged()
            merged = {name: getattr(current, name) for name in EDITABLE_FIELDS} | dict(changes)
            return self.validate(owner_id=owner_id, existing=current, **merged)

        return self._repository.update(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, change=change
        )

    def delete_customer(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        """Soft-delete: the customer leaves every list and lookup, and its number is freed.
        With `expected_version`, only if nobody changed it since (else `CustomerChanged`)."""
        self._repository.soft_delete(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, expected_version=expected_version
        )

    # --- rules --------------------------------------------------------------------------
    def validate(
        self,
        *,
        owner_id: int,
        first_name: str,
        last_name: str,
        phone_number: str,
        date_of_birth: date,
        existing: Customer | None = None,
    ) -> CustomerFields:
        """Check every field rule, then the owner-wide phone rule; return normalised values.

        For an `existing` customer, an unchanged date of birth is not re-checked (it was valid
        when set; a customer who has since turned 101 can still have their name corrected).

        Raises `CustomerValidationError` listing every broken field rule, or
        `DuplicatePhoneNumber` when another active customer of the owner has the number.
        """
        fields = self.check_fields(
            first_name=first_name,
            last_name=last_name,
            phone_number=phone_number,
            date_of_birth=date_of_birth,
            existing=existing,
        )
        phone_changed = existing is None or existing.phone_number != fields.phone_number
        exclude_id = existing.id if existing else None
        if phone_changed and self._repository.phone_in_use(
            owner_id=owner_id, phone_number=fields.phone_number, exclude_id=exclude_id
        ):
            raise DuplicatePhoneNumber()
        return fields

    def check_fields(
        self,
        *,
        first_name: str,
        last_name: str,
        phone_number: str,
        date_of_birth: date,
        existing: Customer | None = None,
    ) -> CustomerFields:
        """The field rules alone (no query): normalised values, or `CustomerValidationError`
        listing every broken rule. An unchanged date of birth of an `existing` customer is
        not re-checked."""
        problems: list[ErrorDetail] = []
        first, problem = rules.normalize_name(first_name, field="first_name", required=True)
        problems += [problem] if problem else []
        last, problem = rules.normalize_name(last_name or "", field="last_name", required=False)
        problems += [problem] if problem else []
        phone, problem = rules.normalize_phone(phone_number, default_region=self._default_region)
        problems += [problem] if problem else []
        if existing is None or existing.date_of_birth != date_of_birth:
            problem = rules.check_date_of_birth(date_of_birth, today=self._today())
            problems += [problem] if problem else []
        if problems:
            raise CustomerValidationError(problems)
        return CustomerFields(
            first_name=first, last_name=last, phone_number=phone, date_of_birth=date_of_birth
        )

    # --- find -------------------------------------------------------------------
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
        """Turn what a user asked for into a `CustomerQuery`: the search split into folded name
        words and phone digits, the age range into a date-of-birth range (by birthday, to the
        day). An unknown ordering or an inverted range is a `ValidationFailed` naming it."""
        ordering = ordering.strip() or CustomerQuery().ordering
        if ordering.lstrip("-") not in ORDERING_FIELDS or ordering.startswith("--"):
            allowed = ", ".join(ORDERING_FIELDS)
            message = f"Order by one of {allowed}, with a leading - for descending."
            raise ValidationFailed(message, code="invalid_choice", field="ordering")
        if age_min is not None and age_max is not None and age_min > age_max:
            raise ValidationFailed("Must not be above age_max.", code="invalid_range", field="age_min")
        if created_from and created_before and created_from >= created_before:
            raise ValidationFailed(
                "Must not be after created_to.", code="invalid_range", field="created_from"
            )
        born_from, born_to = rules.birth_date_range_for_ages(age_min, age_max, today=self._today())
        text = search.strip()
        has_letters = any(char.isalpha() for char in text)
        digits = rules.phone_search_digits(text)
        return CustomerQuery(
            name_terms=tuple(rules.fold_name(text).split()) if has_letters or not digits else (),
            phone_digits=digits if len(digits) >= 3 or not has_letters else "",
            born_from=born_from,
            born_to=born_to,
            created_from=created_from,
            created_before=created_before,
            ordering=ordering,
        )

    def find_customers(
        self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int
    ) -> Page[Customer]:
        """The plain list (no filter, default order) keeps the list's fast path."""
        if query.is_plain:
            return self.list_customers(owner_id=owner_id, offset=offset, limit=limit)
        return self._repository.find(owner_id=owner_id, query=query, offset=offset, limit=limit)

    def export_customers(self, *, owner_id: int, query: CustomerQuery) -> Iterator[Customer]:
        """Every matching customer, in order, streamed in chunks (constant memory)."""
        return self._repository.iterate(owner_id=owner_id, query=query)

    def possible_duplicates(self, *, owner_id: int, customer: Customer) -> list[ErrorDetail]:
        """Warnings (never errors) about other active customers who look like the same person:
        same folded full name and same date of birth."""
        twins = self._repository.same_person(
            owner_id=owner_id,
            search_name=rules.search_name_of(customer.first_name, customer.last_name),
            date_of_birth=customer.date_of_birth,
            exclude_id=customer.id,
        )
        return [
            ErrorDetail(
                None,
                "possible_duplicate",
                f"{twin.full_name} (id {twin.id}) has the same name and date of birth; "
                "check this is not the same person.",
            )
            for twin in twins
        ]

    # --- trash ------------------------------------------------------------------
    def list_deleted_customers(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        return self._repository.list_deleted(owner_id=owner_id, offset=offset, limit=limit)

    def get_deleted_customer(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        """A customer in the owner's trash, or `CustomerNotFound`."""
        return self._repository.get_deleted(owner_id=owner_id, customer_id=customer_id)

    def restore_customer(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        """Bring a soft-deleted customer back, unless its phone number has been given to an
        active customer since (`PhoneReusedOnRestore`, a conflict); the unique index decides
        a race the same way."""
        deleted = self._repository.get_deleted(owner_id=owner_id, customer_id=customer_id)
        if self._repository.phone_in_use(owner_id=owner_id, phone_number=deleted.customer.phone_number):
            raise PhoneReusedOnRestore()
        return self._repository.restore(owner_id=owner_id, customer_id=customer_id, actor_id=actor_id)

    def purge_deleted(self, *, older_than: datetime) -> int:
        """Erase (every copy, history included) customers soft-deleted before `older_than`;
        returns how many."""
        return self._repository.purge_deleted_before(cutoff=older_than)

    # --- erasure and access (GDPR articles 15 and 17) ----------------------------
    def erase_customer(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int | None,
        reason: ErasureReason = "owner",
    ) -> None:
        """Erase a customer in the owner's trash now: the record, its whole history and every
        other copy, leaving only an audit record without personal data. Afterwards the id is
        unknown everywhere, history included. An active customer is `CustomerNotInTrash`
        (delete it first); anyone else's or an unknown id is `CustomerNotFound`."""
        if self._repository.erase_deleted(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, reason=reason
        ):
            return
        self._repository.get(owner_id=owner_id, customer_id=customer_id)  # CustomerNotFound if not active
        raise CustomerNotInTrash()

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        """Erase every customer of the owner, active or in the trash (closing an account)."""
        return self._repository.erase_book(owner_id=owner_id, actor_id=actor_id, reason=reason)

    def personal_data(self, *, owner_id: int, customer_id: int) -> PersonalData:
        """Everything stored about one of the owner's customers, active or in the trash: the
        record, every history entry (newest first) and the other copies kept of it."""
        deleted_at = None
        try:
            customer = self._repository.get(owner_id=owner_id, customer_id=customer_id)
        except CustomerNotFound:
            deleted = self._repository.get_deleted(owner_id=owner_id, customer_id=customer_id)
            customer, deleted_at = deleted.customer, deleted.deleted_at
        history: list[HistoryEntry] = []
        while True:
            page = self._repository.customer_history(
                owner_id=owner_id, customer_id=customer_id, offset=len(history), limit=500
            )
            history += page.items
            if not page.items or len(history) >= page.total:
                break
        copies = self._repository.stored_copies(owner_id=owner_id, customer=customer)
        return PersonalData(customer=customer, deleted_at=deleted_at, history=history, copies=copies)

    # --- import -----------------------------------------------------------------
    def import_customers(
        self,
        *,
        owner_id: int,
        actor_id: int,
        rows: Iterable[tuple[int, Mapping[str, str]]],
        dry_run: bool = False,
        skip_invalid: bool = False,
    ) -> ImportReport:
        """Validate every `(row number, {column: text})` with the same rules as a single create
        (no query per row: the owner's phone numbers are read once), catch duplicate numbers
        inside the file and against active customers, and store the valid rows in batches of
        `IMPORT_BATCH_SIZE`, all in one transaction. Rows are read one at a time, so memory
        does not grow with the file (only the set of its phone numbers does). Without
        `skip_invalid`, any problem means nothing is stored (`ImportRowsInvalid`, unless
        `dry_run`, which only reports)."""
        taken = self._repository.active_phones(owner_id=owner_id)
        seen: dict[str, int] = {}
        sample: list[tuple[int, CustomerFields]] = []
        problems: list[RowProblem] = []
        counts = {"total": 0, "created": 0}

        def valid_batches() -> Iterator[list[CustomerFields]]:
            batch: list[CustomerFields] = []
            for number, row in rows:
                counts["total"] += 1
                row_problems, fields = self._check_import_row(number, row)
                if fields is not None:
                    phone = fields.phone_number
                    if phone in taken:
                        message = "You already have an active customer with this phone number."
                        row_problems.append(RowProblem(number, "phone_number", "duplicate", message))
                    elif phone in seen:
                        message = f"The same phone number is on row {seen[phone]} of this file."
                        row_problems.append(RowProblem(number, "phone_number", "duplicate_in_file", message))
                    else:
                        seen[phone] = number
                if row_problems:
                    problems.extend(row_problems)
                    continue
                if fields is None:
                    continue
                counts["created"] += 1
                if len(sample) < IMPORT_REPORT_ROWS:
                    sample.append((number, fields))
                if not (problems and not skip_invalid):  # once refused, stop storing: it all rolls back
                    batch.append(fields)
                    if len(batch) == IMPORT_BATCH_SIZE:
                        yield batch
                        batch = []
            if problems and not skip_invalid and not dry_run:
                raise ImportRowsInvalid(
                    [ErrorDetail(p.field, p.code, f"Row {p.row}: {p.message}") for p in problems]
                )
            if batch:
                yield batch

        if dry_run:
            for _ in valid_batches():
                pass
        else:
            self._repository.add_batches(owner_id=owner_id, actor_id=actor_id, batches=valid_batches())
        return ImportReport(
            to_create=sample,
            problems=problems,
            imported=not dry_run,
            total_rows=counts["total"],
            created=counts["created"],
        )

    def _check_import_row(
        self, number: int, row: Mapping[str, str]
    ) -> tuple[list[RowProblem], CustomerFields | None]:
        raw_date = (row.get("date_of_birth") or "").strip()
        try:
            born = date.fromisoformat(raw_date) if len(raw_date) == 10 else None
        except ValueError:
            born = None
        problems: list[RowProblem] = []
        if born is None:
            message = "Enter a date as YYYY-MM-DD." if raw_date else "This field is required."
            problems.append(
                RowProblem(number, "date_of_birth", "invalid_date" if raw_date else "required", message)
            )
        try:
            fields = self.check_fields(
                first_name=row.get("first_name") or "",
                last_name=row.get("last_name") or "",
                phone_number=row.get("phone_number") or "",
                date_of_birth=born or self._today(),
                existing=None,
            )
        except CustomerValidationError as error:
            for detail in error.details:
                if born is None and detail.field == "date_of_birth":
                    continue
                problems.append(RowProblem(number, detail.field, detail.code, detail.message))
            return problems, None
        return problems, (fields if born is not None else None)


def _one_side(after: object, before: object) -> None:
    if after is not None and before is not None:
        raise ValueError("give at most one of `after` and `before`")


def _cursor_page(
    window: KeysetSlice[Any],
    position_of: Callable[[Any], Any],
    *,
    after: object,
    before: object,
) -> CursorPage[Any]:
    """A keyset window with the positions to walk on from: `next_after` towards the end,
    `previous_before` back towards the start; None where there is nothing that way."""
    if not window.items:
        return CursorPage(items=[])
    first, last = position_of(window.items[0]), position_of(window.items[-1])
    if before is not None:
        # Read backwards: rows beyond exist (the cursor's own row at least).
        return CursorPage(
            items=window.items, next_after=last, previous_before=first if window.has_more else None
        )
    return CursorPage(
        items=window.items,
        next_after=last if window.has_more else None,
        previous_before=first if after is not None else None,
    )
