"""What the customer book is made of, as plain frozen dataclasses."""

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")

# What kind of value an editable field holds. Each edge keeps one small mapping from kind to
# its widget, serializer field, CSV cell and rule; a new field of a known kind needs none.
FieldKind = Literal["name", "phone", "birth_date"]


def about_field(*, label: str, kind: FieldKind, required: bool = True) -> dict[str, Any]:
    """A field's metadata: its label, its kind and whether a new customer must have it."""
    return {"label": label, "kind": kind, "required": required}


def age_on(date_of_birth: date, today: date) -> int:
    """Whole years lived by `today`, counted by birthday, not by year difference.

    Someone born on 29 February has their birthday on 1 March in common years.
    """
    had_birthday = (today.month, today.day) >= (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - (0 if had_birthday else 1)


@dataclass(frozen=True, slots=True)
class CustomerFields:
    """Validated, normalised values of the fields a user may set: the one definition of them.
    Every other place (rules, repository, serializers, forms, CSV, history, admin, demo data)
    reads this list; adding a field means adding it here, to the model and in a migration."""

    first_name: str = field(metadata=about_field(label="First name", kind="name"))
    last_name: str = field(metadata=about_field(label="Last name", kind="name", required=False))
    phone_number: str = field(metadata=about_field(label="Phone number", kind="phone"))  # E.164
    date_of_birth: date = field(metadata=about_field(label="Date of birth", kind="birth_date"))


@dataclass(frozen=True, slots=True)
class Customer(CustomerFields):
    """A stored customer: its editable fields (declared once, on `CustomerFields`) and what the
    book keeps about it besides."""

    id: int
    owner_id: int
    created_at: datetime
    updated_at: datetime
    version: int = 1  # +1 on every change; the API's ETag and the edit page's lost-update guard

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def age_on(self, today: date) -> int:
        return age_on(self.date_of_birth, today)

    @property
    def position(self) -> "Position":
        return Position(created_at=self.created_at, id=self.id)

    @property
    def fields(self) -> CustomerFields:
        return CustomerFields(**{name: getattr(self, name) for name in EDITABLE_FIELDS})


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One window of an ordered collection, with the size of the whole collection."""

    items: list[T] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True, slots=True)
class Position:
    """Where a customer sits in the newest-first order: lists sort by (created_at, id), both
    descending, so this pair is unique and stable for a row and can seek an index."""

    created_at: datetime
    id: int


@dataclass(frozen=True, slots=True)
class SortPosition:
    """Where a row sits in any keyset order: its sort value (a name, a date, a time or, for
    history, its own id) and its id, which breaks ties in the same direction."""

    value: str | int | date | datetime
    id: int


@dataclass(frozen=True, slots=True)
class KeysetSlice(Generic[T]):
    """Up to `limit` items read from a position in one direction; `has_more` says whether
    the collection continues beyond them in that direction."""

    items: list[T] = field(default_factory=list)
    has_more: bool = False


@dataclass(frozen=True, slots=True)
class CursorPage(Generic[T]):
    """One window of a newest-first walk, with the positions to continue from: pass
    `next_after` as `after` for the next (older) window, `previous_before` as `before` for
    the previous (newer) one. None means there is nothing that way. No total: counting the
    whole collection is exactly the cost keyset pagination avoids."""

    items: list[T] = field(default_factory=list)
    next_after: Position | SortPosition | None = None
    previous_before: Position | SortPosition | None = None


HistoryAction = Literal["created", "updated", "deleted", "restored"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One editable field as `CustomerFields` declares it."""

    name: str
    label: str
    kind: FieldKind
    required: bool


# The editable fields in declaration order, with what the edges need to know about each.
def field_specs(definition: type) -> tuple[FieldSpec, ...]:
    """The editable fields a `CustomerFields`-like dataclass declares, in declaration order."""
    return tuple(
        FieldSpec(item.name, item.metadata["label"], item.metadata["kind"], item.metadata["required"])
        for item in fields(definition)
    )


FIELD_SPECS: tuple[FieldSpec, ...] = field_specs(CustomerFields)
# The one list of a customer's editable fields, read off `CustomerFields`: every other place
# (service, repository, serializers, forms, CSV, history, admin, demo data) derives from it.
EDITABLE_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELD_SPECS)
# The editable fields every new customer must have (the rest may be left empty).
REQUIRED_FIELDS: tuple[str, ...] = tuple(spec.name for spec in FIELD_SPECS if spec.required)
# Every field of the Customer entity, in declaration order: what a read of the repository selects.
ENTITY_FIELDS: tuple[str, ...] = tuple(item.name for item in fields(Customer))
# The fields a history entry reports changes of: what the owner can see and set.
HISTORY_FIELDS = EDITABLE_FIELDS


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: str | date | None
    new: str | date | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One recorded change of a customer: who (a user id), when, and each field's old and new value."""

    id: int
    action: HistoryAction
    at: datetime
    by: int | None
    changes: tuple[FieldChange, ...] = ()


def changes_between(before: CustomerFields | None, after: CustomerFields) -> tuple[FieldChange, ...]:
    """Each history field whose value differs (every field, from None, when there is no `before`).

    Both repositories build history entries with this, so "what changed" is decided once.
    """
    return tuple(
        FieldChange(name, old, new)
        for name in HISTORY_FIELDS
        if (old := getattr(before, name) if before else None) != (new := getattr(after, name))
    )


@dataclass(frozen=True, slots=True)
class DeletedCustomer:
    """A soft-deleted customer in its owner's trash."""

    customer: Customer
    deleted_at: datetime


ErasureReason = Literal["owner", "staff", "retention", "account_deleted"]


@dataclass(frozen=True, slots=True)
class StoredCopy:
    """Another place that holds a copy of a customer's personal data (an API answer kept for
    replaying an `Idempotency-Key`, for instance): what it is, since and until when, and what it holds."""

    kind: str
    stored_at: datetime
    expires_at: datetime | None
    content: object


@dataclass(frozen=True, slots=True)
class PersonalData:
    """Everything stored about one customer (GDPR article 15): the record, whether it is in the
    trash, every history entry (oldest to newest, the values each one set) and other copies."""

    customer: Customer
    deleted_at: datetime | None
    history: list[HistoryEntry] = field(default_factory=list)
    copies: list[StoredCopy] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RowProblem:
    """Why one row of an imported file cannot be imported (row 1 is the header)."""

    row: int
    field: str | None
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did (or, on a dry run, would do): how many customers it creates, the
    first of them (`to_create`, at most `IMPORT_REPORT_ROWS`, so that a report stays small
    however big the file), and the rows it refuses. `imported` is False when nothing was
    written (a dry run, or problems without `skip_invalid`)."""

    to_create: list[tuple[int, CustomerFields]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    imported: bool = False
    total_rows: int = 0
    created: int = 0


# How many of the customers an import creates its report lists (the page previews 200).
IMPORT_REPORT_ROWS = 1000
