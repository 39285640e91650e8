"""Finding customers: a search, filters and any ordering, and who looks like the same person.
Reads only."""

from collections.abc import Callable
from datetime import date, datetime

from common.exceptions import ErrorDetail, ValidationFailed
from customers.domain import rules
from customers.domain.entities import CursorPage, Customer, Page, SortPosition
from customers.domain.interfaces.find import FindRepository
from customers.domain.queries import ORDERING_FIELDS, CustomerQuery
from customers.domain.services._windows import cursor_page, one_side
from customers.domain.services.records import RecordSelector


class FindSelector:
    def __init__(
        self, *, repository: FindRepository, records: RecordSelector, today: Callable[[], date]
    ) -> None:
        self._repository = repository
        self._records = records
        self._today = today

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
            return self._records.list_customers(owner_id=owner_id, offset=offset, limit=limit)
        return self._repository.find(owner_id=owner_id, query=query, offset=offset, limit=limit)

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
        one_side(after, before)
        window = self._repository.find_after(
            owner_id=owner_id, query=query, limit=limit, after=after, before=before
        )
        field = query.order_field
        return cursor_page(
            window, lambda c: SortPosition(value=getattr(c, field), id=c.id), after=after, before=before
        )

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
