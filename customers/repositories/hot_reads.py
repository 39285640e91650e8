"""The list reads, as statements written once instead of an ORM query compiled on every request.

Building and compiling the list's querysets cost ~0.7 ms a request, several times what the
database spends answering them (an index seek of 21 rows and a primary-key read). The
statements here are the same the ORM produced (EXPLAIN checked on SQLite, PostgreSQL and
MariaDB), written as templates over the model's field names: `common.model_reads` puts in the
backend-quoted table and column names from the model's metadata, adapts the parameters and
converts the values as the ORM does. They are plain enough to be portable: `%s` parameters,
LIMIT/OFFSET, `is_active IN (TRUE)` (an equality every planner can seek the index with; a bare
`WHERE is_active` is not). The repository contract suite runs them on every backend in CI.
"""

from dataclasses import fields
from datetime import date, datetime
from typing import Any

from common.model_reads import Selection, fits_primary_key, selection
from customers.domain.entities import Customer as CustomerEntity
from customers.models import ActiveCustomerCount, Customer

# The Customer entity's fields (its one definition), in the order every read selects them.
COLUMNS = tuple(each.name for each in fields(CustomerEntity))
NEWER, OLDER = "newer", "older"

# `{columns}` is COLUMNS; `is_active IN (%s)` is bound to TRUE.
_SELECT = "SELECT {columns} FROM {table} WHERE {owner_id} = %s AND {is_active} IN (%s)"
_NEWEST_FIRST = " ORDER BY {created_at} DESC, {id} DESC"
_OLDEST_FIRST = " ORDER BY {created_at} ASC, {id} ASC"
# The plain range on created_at lets the planner seek; the OR breaks creation-time ties by id.
_OLDER = " AND {created_at} <= %s AND ({created_at} < %s OR ({created_at} = %s AND {id} < %s))"
_NEWER = " AND {created_at} >= %s AND ({created_at} > %s OR ({created_at} = %s AND {id} > %s))"
_TEMPLATES = {
    "page": _SELECT + _NEWEST_FIRST + " LIMIT %s OFFSET %s",
    "page_from_oldest": _SELECT + _OLDEST_FIRST + " LIMIT %s OFFSET %s",
    "first": _SELECT + _NEWEST_FIRST + " LIMIT %s",
    OLDER: _SELECT + _OLDER + _NEWEST_FIRST + " LIMIT %s",
    NEWER: _SELECT + _NEWER + _OLDEST_FIRST + " LIMIT %s",
    "one": _SELECT + " AND {id} = %s",
    "same_person": (
        _SELECT + " AND {search_name} = %s AND {date_of_birth} = %s AND {id} <> %s ORDER BY {id} LIMIT %s"
    ),
}
_COUNT = "SELECT {active} FROM {table} WHERE {owner_id} = %s"
_COUNT_COLUMNS = ("active",)


def _customers() -> Selection:
    return selection(Customer, COLUMNS)


def _counts() -> Selection:
    return selection(ActiveCustomerCount, _COUNT_COLUMNS)


def statements() -> dict[str, str]:
    """The SQL of each read on the current connection (for EXPLAIN in bench/explain.py)."""
    read = _customers()
    return {name: read.sql(template) for name, template in _TEMPLATES.items()} | {
        "count": _counts().sql(_COUNT)
    }


def _fetch(name: str, params: list[Any], read: Selection | None = None) -> list[dict[str, Any]]:
    read = read or _customers()
    return read.fetch_dicts(read.sql(_TEMPLATES[name]), params)


def page_rows(owner_id: int, offset: int, limit: int) -> list[dict[str, Any]]:
    return _fetch("page", [owner_id, True, limit, offset])


def page_rows_from_oldest(owner_id: int, offset: int, limit: int) -> list[dict[str, Any]]:
    """Rows counted from the oldest end, oldest first: the same index read backwards, so a
    page near the end of the book skips few rows instead of almost all of them."""
    return _fetch("page_from_oldest", [owner_id, True, limit, offset])


def one_row(owner_id: int, customer_id: int) -> dict[str, Any] | None:
    """One active customer of this owner, or None (another owner's, deleted, unknown)."""
    read = _customers()
    if not fits_primary_key(read.connection, Customer, customer_id):
        return None  # an id from a URL that no row can have
    rows = _fetch("one", [owner_id, True, customer_id], read)
    return rows[0] if rows else None


def same_person_rows(
    owner_id: int, search_name: str, date_of_birth: date, exclude_id: int, limit: int
) -> list[dict[str, Any]]:
    """Other active customers with this folded name and date of birth, oldest id first (the
    possible-duplicate check after every create)."""
    read = _customers()
    born = read.db_value("date_of_birth", date_of_birth)
    return _fetch("same_person", [owner_id, True, search_name, born, exclude_id, limit], read)


def active_count(owner_id: int) -> int:
    read = _counts()
    rows = read.fetch(read.sql(_COUNT), [owner_id])
    return int(rows[0][0]) if rows else 0


def keyset_rows(
    owner_id: int, limit: int, boundary: tuple[datetime, int] | None, side: str
) -> list[dict[str, Any]]:
    """Up to `limit` rows older (newest first) or newer (oldest first) than `boundary`."""
    if boundary is None:
        return _fetch("first", [owner_id, True, limit])
    read = _customers()
    created_at = read.db_value("created_at", boundary[0])
    params = [owner_id, True, created_at, created_at, created_at, boundary[1], limit]
    return _fetch(side, params, read)
