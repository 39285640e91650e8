"""Reads by hand-written SQL, the one place that writes it: statements built once per model and
connection from the model's own metadata, and rows converted as the ORM converts them.

`Model.objects.get(pk=...)` builds and compiles a queryset on every call: about 0.2 ms of
Python for a primary-key read the database answers in a few microseconds, and the customer
list's querysets cost ~0.7 ms a request, several times what the database spends on them. The
hot paths read through here instead, with documented APIs only (no query compiler):

- names come from the model's metadata (`_meta.db_table`, `field.column`) quoted by
  `connection.ops.quote_name`; a statement is a template over field names (`{owner_id}`,
  `{columns}`, `{table}`), so no column list is written out twice;
- values go in through `Field.get_db_prep_value` and come back through the conversions the
  documentation describes: naive datetimes from a database without time zones are in the
  database's `TIME_ZONE` (UTC unless set), dates and booleans through `Field.to_python`, then
  the field's own `from_db_value`; a field type with no known conversion is refused at build;
- instances are built by `Model.from_db`, exactly as the ORM builds them.

tests/test_model_reads.py compares every read with the ORM's on each backend.
"""

import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignKey, Model
from django.utils import timezone

M = TypeVar("M", bound=Model)
Converter = Callable[[Any], Any]

# Field types whose values every supported driver returns as the ORM does (str, int).
_AS_RETURNED = frozenset(
    {
        "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
        "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
        "PositiveSmallIntegerField", "CharField", "TextField", "SlugField", "EmailField",
        "GenericIPAddressField",
    }
)  # fmt: skip
# Field types a driver may return in another form (SQLite's and MySQL's 0/1 for booleans).
_TO_PYTHON = frozenset({"DateField", "BooleanField"})


def _database_zone(connection: BaseDatabaseWrapper) -> tzinfo:
    """Where a database without time zone support keeps its datetimes: its TIME_ZONE, else UTC."""
    name = settings.DATABASES[connection.alias].get("TIME_ZONE")
    return zoneinfo.ZoneInfo(name) if name else UTC


def _converter(model_field: Field, connection: BaseDatabaseWrapper) -> Converter | None:
    """How a value of this column, as the driver returns it, becomes the ORM's value."""
    kind = model_field.get_internal_type()
    if isinstance(model_field, ForeignKey):  # a key holds the value of the field it points at
        kind = model_field.target_field.get_internal_type()
    steps: list[Converter] = []
    if kind == "DateTimeField":
        zone = _database_zone(connection)

        def aware(value: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, datetime):  # e.g. text from a driver without a converter
                value = model_field.to_python(value)
            if settings.USE_TZ and value.utcoffset() is None:  # naive: in the database's time zone
                return timezone.make_aware(value, zone)
            return value

        steps.append(aware)
    elif kind in _TO_PYTHON:
        steps.append(model_field.to_python)
    elif kind not in _AS_RETURNED:
        raise ImproperlyConfigured(f"model_reads has no conversion for {kind} ({model_field}); add one")
    if hasattr(model_field, "from_db_value"):  # the field's own documented hook
        steps.append(lambda value: model_field.from_db_value(value, model_field, connection))
    # Each step takes None as the ORM's converters do (to_python and from_db_value return it).
    if len(steps) < 2:
        return steps[0] if steps else None
    first, then = steps
    return lambda value: then(first(value))


@dataclass(frozen=True)
class Selection:
    """Some columns of a model on one connection: their quoted SQL, attribute names and
    conversions. `sql(template)` writes a statement over the model's fields."""

    model: type[Model]
    connection: BaseDatabaseWrapper
    attnames: tuple[str, ...]
    columns: str
    converters: tuple[tuple[int, Converter], ...]
    _statements: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def sql(self, template: str) -> str:
        """`template` with `{table}`, `{columns}` and `{<field attname>}` replaced by the
        backend-quoted names from the model's metadata (an unknown name raises KeyError),
        written once per template."""
        if template not in self._statements:
            quote = self.connection.ops.quote_name
            meta = self.model._meta
            names = {each.attname: quote(str(each.column)) for each in meta.concrete_fields}
            self._statements[template] = template.format(
                table=quote(str(meta.db_table)), columns=self.columns, **names
            )
        return self._statements[template]

    def convert(self, row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for position, convert in self.converters:
            values[position] = convert(values[position])
        return values

    def fetch(self, sql: str, params: Sequence[Any]) -> list[list[Any]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return [self.convert(row) for row in rows]

    def fetch_dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        return [dict(zip(self.attnames, row, strict=True)) for row in self.fetch(sql, params)]

    def db_value(self, attname: str, value: Any) -> Any:
        """A parameter for a comparison with this field, as the database takes it."""
        model_field = self.model._meta.get_field(attname)
        assert isinstance(model_field, Field)
        return model_field.get_db_prep_value(value, self.connection)


_selections: "WeakKeyDictionary[BaseDatabaseWrapper, dict[tuple[type[Model], tuple[str, ...] | None], Selection]]" = WeakKeyDictionary()


def current_connection() -> BaseDatabaseWrapper:
    # the real per-thread wrapper (django.db.connection is a proxy to it)
    return connections[DEFAULT_DB_ALIAS]


def selection(model: type[Model], attnames: Sequence[str] | None = None) -> Selection:
    """The columns `attnames` of `model` (default: every concrete field, in the model's order,
    as the ORM selects them) on the current connection, built once per connection."""
    connection = current_connection()
    key = (model, None if attnames is None else tuple(attnames))
    per_connection = _selections.get(connection)
    if per_connection is None:
        per_connection = _selections.setdefault(connection, {})
    if key not in per_connection:
        by_attname = {field.attname: field for field in model._meta.concrete_fields}
        fields = list(by_attname.values()) if attnames is None else [by_attname[name] for name in attnames]
        quote = connection.ops.quote_name
        converters = tuple(
            (position, convert)
            for position, each in enumerate(fields)
            if (convert := _converter(each, connection)) is not None
        )
        per_connection[key] = Selection(
            model,
            connection,
            tuple(each.attname for each in fields),
            ", ".join(quote(str(each.column)) for each in fields),
            converters,
        )
    return per_connection[key]


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


def _by_pk_sql(read: Selection, extra_column: str = "") -> str:
    """The read of one row by primary key, with an extra (already written) column."""
    extra = extra_column.replace("{", "{{").replace("}", "}}")
    key = read.model._meta.pk.attname
    # Names from the models' own metadata, quoted by the backend; values are parameters.
    return read.sql(f"SELECT {{columns}}{extra} FROM {{table}} WHERE {{{key}}} = %s")  # noqa: S608


def instance_by_pk(model: type[M], pk: Any) -> M | None:
    """The row with this primary key as an instance of `model`, or None (also for a key
    that is not a valid value of the primary key's type)."""
    read = selection(model)
    value = _key_value(read.connection, model, pk)
    if value is None:
        return None
    rows = read.fetch(_by_pk_sql(read), [value])
    return model.from_db(read.connection.alias, list(read.attnames), rows[0]) if rows else None


def instance_by_pk_and_match(
    model: type[M], pk: Any, *, other: type[Model], field: str, values: Sequence[Any]
) -> tuple[M | None, bool]:
    """`instance_by_pk`, and whether `other` has a row whose `field` is one of `values`,
    answered by the same statement (an EXISTS column), so the check costs no round trip."""
    read = selection(model)
    value = _key_value(read.connection, model, pk)
    if value is None or not values:
        return None, False
    placeholders = ", ".join(["%s"] * len(values))
    exists = selection(other).sql(
        f"EXISTS(SELECT 1 FROM {{table}} WHERE {{{field}}} IN ({placeholders}))"  # noqa: S608
    )
    sql = _by_pk_sql(read, f", {exists}")
    with read.connection.cursor() as cursor:
        cursor.execute(sql, [*values, value])
        row = cursor.fetchone()
    if row is None:
        return None, False
    *columns, matched = row
    instance = model.from_db(read.connection.alias, list(read.attnames), read.convert(columns))
    return instance, bool(matched)
