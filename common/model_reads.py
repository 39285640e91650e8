"""A model instance by primary key, from SQL built once per model and connection.

`Model.objects.get(pk=...)` builds and compiles a queryset on every call: about 0.2 ms of
Python for a primary-key read the database answers in a few microseconds. Every authenticated
request makes one (the user), so the hot paths read it through here instead: the same columns
in the same order, the backend's own quoting, parameter adaptation and value converters, and
the instance built by `Model.from_db` exactly as the ORM builds it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Read:
    sql: str
    columns: str
    source: str  # "<table> WHERE <key> = %s"
    attnames: list[str]
    converters: dict[int, tuple[list[Any], Any]]
    compiler: Any


_reads: "WeakKeyDictionary[BaseDatabaseWrapper, dict[type[Model], _Read]]" = WeakKeyDictionary()


def _read_for(connection: BaseDatabaseWrapper, model: type[Model]) -> _Read:
    per_model = _reads.setdefault(connection, {})
    if model not in per_model:
        meta = model._meta
        quote = connection.ops.quote_name
        compiler = model._default_manager.all().query.get_compiler(connection=connection)
        compiler.setup_query()
        fields = [col.target for col, *_ in compiler.select]  # the ORM's own default columns
        columns = ", ".join(quote(field.column) for field in fields)
        table, key = quote(str(meta.db_table)), quote(str(meta.pk.column))
        # Names from the model's own metadata, quoted by the backend; the key is a parameter.
        source = f"{table} WHERE {key} = %s"
        sql = f"SELECT {columns} FROM {source}"  # noqa: S608  # nosec B608
        converters = compiler.get_converters([col for col, *_ in compiler.select])
        per_model[model] = _Read(
            sql, columns, source, [field.attname for field in fields], converters, compiler
        )
    return per_model[model]


def fits_primary_key(connection: BaseDatabaseWrapper, model: type[Model], value: Any) -> bool:
    """Whether an integer key is within its column's range on this backend. URLs take integers
    of any length and drivers refuse the ones a column cannot hold; the ORM answers such a
    lookup with no rows, and so must SQL written by hand."""
    internal_type = model._meta.pk.get_internal_type()
    if internal_type not in connection.ops.integer_field_ranges:
        return True
    low, high = connection.ops.integer_field_range(internal_type)
    return (low is None or value >= low) and (high is None or value <= high)


def _key_value(connection: BaseDatabaseWrapper, model: type[Model], pk: Any) -> Any:
    """The primary key as the database takes it, or None for a value the column cannot hold."""
    try:
        value = model._meta.pk.get_db_prep_value(model._meta.pk.to_python(pk), connection)
    except (TypeError, ValueError, ValidationError):
        return None
    if value is None or not fits_primary_key(connection, model, value):
        return None  # as the ORM answers an out-of-range integer lookup: no row
    return value


def _instance(connection: BaseDatabaseWrapper, model: type[M], read: _Read, row: Any) -> M:
    if read.converters:
        row = next(iter(read.compiler.apply_converters([row], read.converters)))
    return model.from_db(connection.alias, read.attnames, row)


def instance_by_pk(model: type[M], pk: Any) -> M | None:
    """The row with this primary key as an instance of `model`, or None (also for a key
    that is not a valid value of the primary key's type)."""
    connection = connections[DEFAULT_DB_ALIAS]
    read = _read_for(connection, model)
    value = _key_value(connection, model, pk)
    if value is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(read.sql, [value])
        row = cursor.fetchone()
    return None if row is None else _instance(connection, model, read, row)


def instance_by_pk_and_match(
    model: type[M], pk: Any, *, other: type[Model], field: str, values: Sequence[Any]
) -> tuple[M | None, bool]:
    """`instance_by_pk`, and whether `other` has a row whose `field` is one of `values`,
    answered by the same statement (an EXISTS column), so the check costs no round trip."""
    connection = connections[DEFAULT_DB_ALIAS]
    read = _read_for(connection, model)
    value = _key_value(connection, model, pk)
    if value is None or not values:
        return None, False
    quote = connection.ops.quote_name
    target = other._meta.get_field(field)
    assert isinstance(target, Field)  # a concrete column, not a reverse relation
    column = quote(str(target.column))
    placeholders = ", ".join(["%s"] * len(values))
    # Names from the models' own metadata, quoted by the backend; values are parameters.
    sql = (
        f"SELECT {read.columns}, EXISTS(SELECT 1 FROM {quote(str(other._meta.db_table))}"  # noqa: S608  # nosec B608
        f" WHERE {column} IN ({placeholders})) FROM {read.source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, value])
        row = cursor.fetchone()
    if row is None:
        return None, False
    *columns, matched = row
    return _instance(connection, model, read, tuple(columns)), bool(matched)
