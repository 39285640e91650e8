"""Find: the owner's active customers matching a query, by page or by position, and the
possible duplicates of a new one."""

from datetime import date

from customers.domain.entities import Customer, KeysetSlice, Page, SortPosition
from customers.domain.interfaces.find import FindRepository
from customers.domain.queries import CustomerQuery
from customers.repositories import hot_reads
from customers.repositories.querysets import active_customers_of, keyset_window, matching, ordered_by
from customers.repositories.rows import ENTITY_COLUMNS, to_entity


class DjangoFindRepository(FindRepository):
    def find(self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        matches = matching(active_customers_of(owner_id), query)
        total = matches.count()
        if offset >= total:
            return Page(items=[], total=total)
        rows = ordered_by(matches, query).values(*ENTITY_COLUMNS)[offset : offset + limit]
        return Page(items=[to_entity(row) for row in rows], total=total)

    def find_after(
        self,
        *,
        owner_id: int,
        query: CustomerQuery,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[Customer]:
        matches = matching(active_customers_of(owner_id), query).values(*ENTITY_COLUMNS)
        rows, has_more = keyset_window(
            matches, query.order_field, descending=query.descending, limit=limit, after=after, before=before
        )
        return KeysetSlice(items=[to_entity(row) for row in rows], has_more=has_more)

    def same_person(
        self, *, owner_id: int, search_name: str, date_of_birth: date, exclude_id: int
    ) -> list[Customer]:
        rows = hot_reads.same_person_rows(owner_id, search_name, date_of_birth, exclude_id, limit=10)
        return [to_entity(row) for row in rows]
