"""The list reads, as SQL written once instead of an ORM query compiled on every request.

Building and compiling the list's querysets cost ~0.7 ms a request, several times what the
database spends answering them (an index seek of 21 rows and a primary-key read). The SQL
here is the same the ORM produced (EXPLAIN checked on SQLite, PostgreSQL and MariaDB), plain
enough to be portable: unquoted plain names, `%s` parameters, LIMIT/OFFSET, `is_active IN (TRUE)`
(an equality every planner can seek the index with; a bare `WHERE is_active` is not). Values
go through the backend's own adapters and converters, taken once from a compiled queryset,
so dates and time zones come back exactly as the ORM would return them. The repository
contract suite runs these on every backend in CI.
"""

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from common.model_reads import fits_primary_key
from customers.models import Customer

# The Customer entity's fields, in the order every read of the repository selects them.
COLUMNS = (
    "id",
    "owner_id",
    "first_name",
    "last_name",
    "phone_number",
    "date_of_birth",
    "created_at",
    "updated_at",
    "version",
)
NEWER, OLDER = "newer", "older"

_Converters = dict[int, tuple[list[Callable[..., Any]], Any]]
_converters: "WeakKeyDictionary[BaseDatabaseWrapper, tuple[_Converters, Any]]" = WeakKeyDictionary()


# Constant SQL: every name is a plain identifier that needs no quoting on SQLite, PostgreSQL
# or MariaDB, and every value is a parameter. `is_active IN (%s)` is bound to TRUE.
_SELECT = (
    "SELECT id, owner_id, first_name, last_name, phone_number, date_of_birth, created_at, updated_at, version"
    " FROM customers WHERE owner_id = %s AND is_active IN (%s)"
)
_NEWEST_FIRST = " ORDER BY created_at DESC, id DESC"
_OLDEST_FIRST = " ORDER BY created_at ASC, id ASC"
# The plain range on created_at lets the planner seek; the OR breaks creation-time ties by id.
_OLDER = " AND created_at <= %s AND (created_at < %s OR (created_at = %s AND id < %s))"
_NEWER = " AND created_at >= %s AND (created_at > %s OR (created_at = %s AND id > %s))"
_STATEMENTS = {
    "page": _SELECT + _NEWEST_FIRST + " LIMIT %s OFFSET %s",
    "page_from_oldest": _SELECT + _OLDEST_FIRST + " LIMIT %s OFFSET %s",
    "first": _SELECT + _NEWEST_FIRST + " LIMIT %s",
    OLDER: _SELECT + _OLDER + _NEWEST_FIRST + " LIMIT %s",
    NEWER: _SELECT + _NEWER + _OLDEST_FIRST + " LIMIT %s",
    "count": "SELECT active FROM customer_counts WHERE owner_id = %s",
    "one": _SELECT + " AND id = %s",
    "same_person": _SELECT + " AND search_name = %s AND date_of_birth = %s AND id <> %s ORDER BY id LIMIT %s",
}


def statements() -> dict[str, str]:
    """The SQL of each read on the current connection (for EXPLAIN in bench/explain.py)."""
    return dict(_STATEMENTS)


def _row_converters(connection: BaseDatabaseWrapper) -> tuple[_Converters, Any]:
    if connection not in _converters:
        compiler = Customer.objects.values(*COLUMNS).query.get_compiler(connection=connection)
        compiler.setup_query()
        _converters[connection] = (compiler.get_converters([col for col, *_ in compiler.select]), compiler)
    return _converters[connection]


def _connection() -> BaseDatabaseWrapper:
    # the real per-thread wrapper (django.db.connection is a proxy to it)
    return connections[DEFAULT_DB_ALIAS]


def _fetch(sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    connection = _connection()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: Iterable[Sequence[Any]] = cursor.fetchall()
    converters, compiler = _row_converters(connection)
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows]


def page_rows(owner_id: int, offset: int, limit: int) -> list[dict[str, Any]]:
    return _fetch(_STATEMENTS["page"], [owner_id, True, limit, offset])


def page_rows_from_oldest(owner_id: int, offset: int, limit: int) -> list[dict[str, Any]]:
    """Rows counted from the oldest end, oldest first: the same index read backwards, so a
    page near the end of the book skips few rows instead of almost all of them."""
    return _fetch(_STATEMENTS["page_from_oldest"], [owner_id, True, limit, offset])


def one_row(owner_id: int, customer_id: int) -> dict[str, Any] | None:
    """One active customer of this owner, or None (another owner's, deleted, unknown)."""
    if not fits_primary_key(_connection(), Customer, customer_id):
        return None  # an id from a URL that no row can have
    rows = _fetch(_STATEMENTS["one"], [owner_id, True, customer_id])
    return rows[0] if rows else None


def same_person_rows(
    owner_id: int, search_name: str, date_of_birth: date, exclude_id: int, limit: int
) -> list[dict[str, Any]]:
    """Other active customers with this folded name and date of birth, oldest id first (the
    possible-duplicate check after every create)."""
    born = _connection().ops.adapt_datefield_value(date_of_birth)
    return _fetch(_STATEMENTS["same_person"], [owner_id, True, search_name, born, exclude_id, limit])


def active_count(owner_id: int) -> int:
    connection = _connection()
    with connection.cursor() as cursor:
        cursor.execute(_STATEMENTS["count"], [owner_id])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def keyset_rows(
    owner_id: int, limit: int, boundary: tuple[datetime, int] | None, side: str
) -> list[dict[str, Any]]:
    """Up to `limit` rows older (newest first) or newer (oldest first) than `boundary`."""
    connection = _connection()
    if boundary is None:
        return _fetch(_STATEMENTS["first"], [owner_id, True, limit])
    created_at = connection.ops.adapt_datetimefield_value(boundary[0])
    params = [owner_id, True, created_at, created_at, created_at, boundary[1], limit]
    return _fetch(_STATEMENTS[side], params)
