"""CSV import and export: the selector streams customers out, the service validates a file's
rows with the same rules as a single create and stores them all or none."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from common.exceptions import ErrorDetail
from customers.domain.entities import (
    FIELD_SPECS,
    IMPORT_REPORT_ROWS,
    Customer,
    CustomerFields,
    ImportReport,
    RowProblem,
)
from customers.domain.errors import CustomerValidationError, ImportRowsInvalid
from customers.domain.interfaces.transfer import TransferRepository
from customers.domain.queries import CustomerQuery
from customers.domain.services.fields import FieldRules

# Customers an import stores per INSERT (and holds in memory at once).
IMPORT_BATCH_SIZE = 1000


class ExportSelector:
    def __init__(self, *, repository: TransferRepository) -> None:
        self._repository = repository

    def export_customers(self, *, owner_id: int, query: CustomerQuery) -> Iterator[Customer]:
        """Every matching customer, in order, streamed in chunks (constant memory)."""
        return self._repository.iterate(owner_id=owner_id, query=query)


class ImportService:
    def __init__(self, *, repository: TransferRepository, rules: FieldRules) -> None:
        self._repository = repository
        self._rules = rules

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
        """Validate every `(row number, {column: text})` with the same rules as a single create
        (no query per row: the owner's phone numbers are read once), catch duplicate numbers
        inside the file and against active customers, and store the valid rows in batches of
        `IMPORT_BATCH_SIZE`, all in one transaction. Rows are read one at a time, so memory
        does not grow with the file (only the set of its phone numbers does). Without
        `skip_invalid`, any problem means nothing is stored (`ImportRowsInvalid`, unless
        `dry_run`, which only reports). `on_progress(rows read)` is called every
        `IMPORT_BATCH_SIZE` rows and at the end; an exception it raises (a cancel) stops the
        import, which then stores nothing."""
        taken = self._repository.active_phones(owner_id=owner_id)
        seen: dict[str, int] = {}
        sample: list[tuple[int, CustomerFields]] = []
        problems: list[RowProblem] = []
        counts = {"total": 0, "created": 0}

        def valid_batches() -> Iterator[list[CustomerFields]]:
            batch: list[CustomerFields] = []
            for number, row in rows:
                counts["total"] += 1
                if on_progress is not None and counts["total"] % IMPORT_BATCH_SIZE == 0:
                    on_progress(counts["total"])
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
                    [ErrorDetail(p.field, p.code, f"Row {p.row}: {p.message}") for p in problems], problems
                )
            if batch:
                yield batch
            if on_progress is not None:
                on_progress(counts["total"])

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
        """A row's cells as the field rules take them (a date cell parsed first; one that
        cannot be read is its own problem and the rules' verdict on it is left out)."""
        problems: list[RowProblem] = []
        unread: set[str] = set()
        values: dict[str, Any] = {}
        for spec in FIELD_SPECS:
            cell = row.get(spec.name) or ""
            if spec.kind != "birth_date":
                values[spec.name] = cell
                continue
            values[spec.name], problem = _read_date(number, spec.name, cell)
            if problem is not None:
                problems.append(problem)
                unread.add(spec.name)
                values[spec.name] = self._rules.today()  # a stand-in, so the other fields are checked
        try:
            fields = self._rules.check_fields(**values)
        except CustomerValidationError as error:
            problems += [
                RowProblem(number, detail.field, detail.code, detail.message)
                for detail in error.details
                if detail.field not in unread
            ]
            return problems, None
        return problems, (None if unread else fields)


def _read_date(number: int, name: str, cell: str) -> tuple[date | None, RowProblem | None]:
    raw = cell.strip()
    try:
        born = date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        born = None
    if born is not None:
        return born, None
    if raw:
        return None, RowProblem(number, name, "invalid_date", "Enter a date as YYYY-MM-DD.")
    return None, RowProblem(number, name, "required", "This field is required.")
