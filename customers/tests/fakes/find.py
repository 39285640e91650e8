"""In-memory search (`FindRepository`), and the matching the export shares."""

from datetime import date

from customers.domain.entities import Customer, KeysetSlice, Page, SortPosition
from customers.domain.queries import CustomerQuery
from customers.domain.rules import search_name_of
from customers.tests.fakes.book import FakeBook, OnBook, window


def matching(book: FakeBook, owner_id: int, query: CustomerQuery) -> list[Customer]:
    """The owner's active customers that `query` finds, in its order."""

    def matches(c: Customer) -> bool:
        name = search_name_of(c.first_name, c.last_name)
        searched = not (query.name_terms or query.phone_digits)
        if query.name_terms and all(term in name for term in query.name_terms):
            searched = True
        if query.phone_digits and query.phone_digits in c.phone_number:
            searched = True
        return (
            searched
            and (query.born_from is None or c.date_of_birth >= query.born_from)
            and (query.born_to is None or c.date_of_birth <= query.born_to)
            and (query.created_from is None or c.created_at >= query.created_from)
            and (query.created_before is None or c.created_at < query.created_before)
        )

    found = [c for c in book.active(owner_id) if matches(c)]
    field = query.order_field
    return sorted(found, key=lambda c: (getattr(c, field), c.id), reverse=query.descending)


class InMemoryFind(OnBook):
    def find(self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        found = matching(self.book, owner_id, query)
        return Page(items=found[offset : offset + limit], total=len(found))

    def find_after(
        self,
        *,
        owner_id: int,
        query: CustomerQuery,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[Customer]:
        field = query.order_field
        found = matching(self.book, owner_id, query)
        return window(found, lambda c: (getattr(c, field), c.id), query.descending, limit, after, before)

    def same_person(
        self, *, owner_id: int, search_name: str, date_of_birth: date, exclude_id: int
    ) -> list[Customer]:
        return [
            c
            for c in sorted(self.book.active(owner_id), key=lambda c: c.id)
            if c.id != exclude_id
            and c.date_of_birth == date_of_birth
            and search_name_of(c.first_name, c.last_name) == search_name
        ][:10]
