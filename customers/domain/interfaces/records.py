"""The port for active customers: read one or a page, add, change, soft-delete."""

from collections.abc import Callable
from typing import Protocol

from customers.domain.entities import Customer, CustomerFields, KeysetSlice, Page, Position


class RecordRepository(Protocol):
    """Active customers of one owner at a time. Every method is scoped by `owner_id`:
    another owner's customer is indistinguishable from one that does not exist."""

    def get(self, *, owner_id: int, customer_id: int) -> Customer:
        """The active customer, or `CustomerNotFound`."""
        ...

    def list_page(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        """Active customers, newest first (ties broken by id), with the total count."""
        ...

    def list_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> KeysetSlice[Customer]:
        """Up to `limit` active customers in newest-first order (created_at, then id, both
        descending), read from a position: strictly older than `after`, or strictly newer than
        `before` (the window still comes back newest first), or from the newest when neither
        is given. At most one of `after`/`before`. `has_more` tells whether rows remain beyond
        the window in the direction read. Costs the same however deep the position is."""
        ...

    def phone_in_use(self, *, owner_id: int, phone_number: str, exclude_id: int | None = None) -> bool:
        """Whether an active customer of the owner (other than `exclude_id`) has this number."""
        ...

    def add(self, *, owner_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        """Store a new customer (and its "created" history entry); `DuplicatePhoneNumber` if the
        number was taken meanwhile."""
        ...

    def update(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        change: Callable[[Customer], CustomerFields],
    ) -> Customer:
        """Change an active customer as one read-decide-write: lock it, call `change` with its
        current state (so rules that span fields, and the phone rule, see the row as it is now;
        errors `change` raises abort the update), then write only the fields whose value
        differs, bump the version and record the change in its history. No other write to
        the customer can land in between. Nothing differing: nothing written, the current
        customer returned. `CustomerNotFound`, or `DuplicatePhoneNumber` if the number was
        taken meanwhile."""
        ...

    def soft_delete(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        """Mark an active customer deleted, freeing its number and recording it in the history;
        `CustomerNotFound` if none, `CustomerChanged` if `expected_version` is stale."""
        ...
