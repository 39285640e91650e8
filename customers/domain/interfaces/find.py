"""The port for searching an owner's active customers."""

from datetime import date
from typing import Protocol

from customers.domain.entities import Customer, KeysetSlice, Page, SortPosition
from customers.domain.queries import CustomerQuery


class FindRepository(Protocol):
    def find(self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        """Active customers matching `query`, in its order (ties broken by id), with the total."""
        ...

    def find_after(
        self,
        *,
        owner_id: int,
        query: CustomerQuery,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[Customer]:
        """`list_after` for a search: the matching customers in `query`'s order, read strictly
        beyond `after` or strictly before `before` (positions of `query.order_field`, id)."""
        ...

    def same_person(
        self, *, owner_id: int, search_name: str, date_of_birth: date, exclude_id: int
    ) -> list[Customer]:
        """Other active customers whose folded full name and date of birth are these."""
        ...
