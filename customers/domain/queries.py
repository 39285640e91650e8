"""What a caller may ask of a customer book: search, filters and ordering, as plain values
the repositories turn into their own lookups."""

from dataclasses import dataclass
from datetime import date, datetime

# Sortable fields; every ordering ends with `id` in the same direction, so ties never shuffle.
ORDERING_FIELDS = ("last_name", "first_name", "date_of_birth", "created_at", "updated_at")
DEFAULT_ORDERING = "-created_at"


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    """A search over one owner's active customers.

    `name_terms`: folded words (`rules.fold_name`) that must each appear in the folded full
    name. `phone_digits`: digits (`rules.phone_search_digits`) the stored number must contain.
    When both are given (the user typed one search box), a customer matching either is found.
    Date bounds are inclusive; `created_to` is an exclusive instant (the start of the next day).
    """

    name_terms: tuple[str, ...] = ()
    phone_digits: str = ""
    born_from: date | None = None
    born_to: date | None = None
    created_from: datetime | None = None
    created_before: datetime | None = None
    ordering: str = DEFAULT_ORDERING

    @property
    def order_field(self) -> str:
        return self.ordering.lstrip("-")

    @property
    def descending(self) -> bool:
        return self.ordering.startswith("-")

    @property
    def is_plain(self) -> bool:
        """No filter and the default order: the list's fast path can answer it."""
        return self == CustomerQuery()
