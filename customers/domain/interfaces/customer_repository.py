"""The port the customer service stores through. Implementations: the Django ORM adapter in
`customers.repositories` and an in-memory fake for tests; one contract suite runs on both."""

from abc import ABC, abstractmethod

from customers.domain.entities import Customer, CustomerFields, HistoryEntry, KeysetSlice, Page, Position


class CustomerRepository(ABC):
    """Active customers of one owner at a time. Every method is scoped by `owner_id`:
    another owner's customer is indistinguishable from one that does not exist."""

    @abstractmethod
    def get(self, *, owner_id: int, customer_id: int) -> Customer:
        """The active customer, or `CustomerNotFound`."""

    @abstractmethod
    def list_page(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        """Active customers, newest first (ties broken by id), with the total count."""

    @abstractmethod
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

    @abstractmethod
    def phone_in_use(self, *, owner_id: int, phone_number: str, exclude_id: int | None = None) -> bool:
        """Whether an active customer of the owner (other than `exclude_id`) has this number."""

    @abstractmethod
    def add(self, *, owner_id: int, actor_id: int, fields: CustomerFields) -> Customer:
        """Store a new customer (and its "created" history entry); `DuplicatePhoneNumber` if the
        number was taken meanwhile."""

    @abstractmethod
    def update(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        fields: CustomerFields,
        expected_version: int | None = None,
    ) -> Customer:
        """Replace the fields of an active customer and bump its version, recording the change in
        its history; `CustomerNotFound` or `DuplicatePhoneNumber`. With `expected_version`, the
        write happens only if the version still matches (checked atomically with the write),
        else `CustomerChanged`."""

    @abstractmethod
    def soft_delete(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        """Mark an active customer deleted, freeing its number and recording it in the history;
        `CustomerNotFound` if none, `CustomerChanged` if `expected_version` is stale."""

    @abstractmethod
    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        """The recorded changes of one of the owner's customers, deleted ones included, newest
        first; `CustomerNotFound` if the owner never had that customer."""
