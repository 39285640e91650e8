"""CSV at the edge: customers out as spreadsheet-safe rows, uploaded files in as plain rows.
What a row means (rules, duplicates, all-or-nothing) is decided by the domain service."""

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import IO, Any

from django.utils import timezone

from customers.domain.entities import EDITABLE_FIELDS, FIELD_SPECS, REQUIRED_FIELDS, Customer, FieldKind
from customers.domain.errors import ImportFileInvalid

# The columns are the editable fields `CustomerFields` declares (an export adds the id and
# the timestamps); an import needs the required ones and reads the optional ones when present.
EXPORT_COLUMNS = ("id", *EDITABLE_FIELDS, "created_at", "updated_at")
REQUIRED_COLUMNS = REQUIRED_FIELDS
IMPORT_COLUMNS = (*REQUIRED_COLUMNS, *(name for name in EDITABLE_FIELDS if name not in REQUIRED_FIELDS))
# The columns as the upload form's help text names them.
IMPORT_COLUMNS_HELP = "Columns: " + ", ".join(
    spec.name + (" (YYYY-MM-DD)" if spec.kind == "birth_date" else "") for spec in FIELD_SPECS
)

# The last line of every export, so that a cut-short download (a dropped connection, a killed
# worker) can be told from a complete one: no trailer, or a count that is not the number of rows.
# The importer skips it, so an export imports back.
EXPORT_TRAILER = "# complete: {count} customers"
_TRAILER = re.compile(r"# complete: [0-9]+ customers")

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def neutralise(cell: str) -> str:
    """Prefix a would-be formula with a single quote, which spreadsheets show as text. A valid
    E.164 number is left alone: "+14155550123" is only a positive number to a spreadsheet,
    never a formula, and stays readable and importable as it is."""
    if cell.startswith(_FORMULA_STARTS) and not _E164.fullmatch(cell):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """Undo `neutralise`, so an exported file imports back unchanged."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


# How each kind of editable field is written as a cell: text a spreadsheet could run as a
# formula is neutralised; a date is ISO 8601, which imports back.
_CELLS: dict[FieldKind, Callable[[Any], str]] = {
    "name": neutralise,
    "phone": neutralise,
    "birth_date": date.isoformat,
}


class _Line:
    """A write-only file that hands back what was written (csv.writer needs a file)."""

    def write(self, text: str) -> str:
        return text


def export_lines(customers: Iterable[Customer]) -> Iterator[str]:
    """The CSV text, one line at a time: a UTF-8 byte-order mark (so spreadsheets read accents
    right), a header, a line per customer, then the trailer with the number of customers.
    Holds one row at a time."""
    writer = csv.writer(_Line())
    zone = timezone.get_current_timezone()
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    count = 0
    for customer in customers:
        count += 1
        yield writer.writerow(
            [
                str(customer.id),
                *(_CELLS[spec.kind](getattr(customer, spec.name)) for spec in FIELD_SPECS),
                customer.created_at.astimezone(zone).isoformat(),
                customer.updated_at.astimezone(zone).isoformat(),
            ]
        )
    yield writer.writerow([EXPORT_TRAILER.format(count=count)])


class _Limited(io.RawIOBase):
    """Reads through to an upload, refusing it once more than `limit` bytes have come."""

    def __init__(self, source: IO[bytes], limit: int) -> None:
        self._source, self._limit, self._read = source, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._source.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise ImportFileInvalid(f"The file is larger than {self._limit // 1024} KB.", code="too_large")
        buffer[: len(data)] = data
        return len(data)


def read_import_file(
    upload: IO[bytes], *, max_bytes: int, max_rows: int
) -> Iterator[tuple[int, Mapping[str, str]]]:
    """The rows of an uploaded customer CSV as `(line number, {column: text})` (the header is
    row 1), read and decoded one at a time, so memory does not grow with the file. Accepts
    UTF-8 with or without a byte-order mark, any column order, extra columns (ignored: an export
    imports back). `ImportFileInvalid` when the file cannot be one: the header is checked
    before this returns; a fault further down (bad encoding, too many rows, no rows at all) is
    raised while iterating, and the import that consumes the rows stores nothing."""
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise ImportFileInvalid(f"The file is larger than {max_bytes // 1024} KB.", code="too_large")
    text = io.TextIOWrapper(io.BufferedReader(_Limited(upload, max_bytes)), encoding="utf-8-sig", newline="")
    reader = csv.reader(_checked_lines(text))
    with _as_file_errors():
        header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if not header or missing:
        message = "Missing required columns: " + ", ".join(missing or REQUIRED_COLUMNS) + "."
        raise ImportFileInvalid(message, code="missing_columns")
    positions = {name: header.index(name) for name in IMPORT_COLUMNS if name in header}
    return _rows(reader, positions, max_rows)


def _checked_lines(text: IO[str]) -> Iterator[str]:
    for line in text:
        if "\x00" in line:
            raise ImportFileInvalid("The file is not a CSV text file.", code="not_csv")
        yield line


@contextmanager
def _as_file_errors() -> Iterator[None]:
    try:
        yield
    except UnicodeDecodeError as error:
        raise ImportFileInvalid(
            "The file is not UTF-8 text; save it as CSV UTF-8.", code="encoding"
        ) from error
    except csv.Error as error:
        raise ImportFileInvalid(f"The file is not valid CSV: {error}.", code="not_csv") from error


def _rows(reader: Any, positions: dict[str, int], max_rows: int) -> Iterator[tuple[int, Mapping[str, str]]]:
    count = 0
    with _as_file_errors():
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines
            if len(cells) == 1 and _TRAILER.fullmatch(cells[0]):
                continue  # an export's trailer
            if count >= max_rows:
                raise ImportFileInvalid(f"The file has more than {max_rows} rows.", code="too_many_rows")
            count += 1
            yield (
                reader.line_num,
                {
                    name: unneutralise(cells[index]) if index < len(cells) else ""
                    for name, index in positions.items()
                },
            )
    if not count:
        raise ImportFileInvalid("The file has no customer rows.", code="empty")
