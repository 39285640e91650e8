"""The port the customer service stores through. Implementations: the Django ORM adapter in
`customers.repositories` and an in-memory fake for tests; one contract suite runs on both."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime

from customers.domain.entities import (
    Customer,
    CustomerFields,
    DeletedCustomer,
    ErasureReason,
    HistoryEntry,
    KeysetSlice,
    Page,
    Position,
    SortPosition,
    StoredCopy,
)
from customers.domain.queries import CustomerQuery


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
        change: Callable[[Customer], CustomerFields],
    ) -> Customer:
        """Change an active customer as one read-decide-write: lock it, call `change` with its
        current state (so rules that span fields, and the phone rule, see the row as it is now;
        errors `change` raises abort the update), then write only the fields whose value
        differs, bump the version and record the change in its history. No other write to
        the customer can land in between. Nothing differing: nothing written, the current
        customer returned. `CustomerNotFound`, or `DuplicatePhoneNumber` if the number was
        taken meanwhile."""

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

    # --- find, trash, bulk ------------------------------------------------------
    @abstractmethod
    def find(self, *, owner_id: int, query: CustomerQuery, offset: int, limit: int) -> Page[Customer]:
        """Active customers matching `query`, in its order (ties broken by id), with the total."""

    @abstractmethod
    def iterate(self, *, owner_id: int, query: CustomerQuery, chunk_size: int = 2000) -> Iterator[Customer]:
        """Every active customer matching `query`, in its order, read `chunk_size` rows at a time
        so memory stays constant however large the book is."""

    @abstractmethod
    def same_person(
        self, *, owner_id: int, search_name: str, date_of_birth: date, exclude_id: int
    ) -> list[Customer]:
        """Other active customers whose folded full name and date of birth are these."""

    @abstractmethod
    def active_phones(self, *, owner_id: int) -> set[str]:
        """Every phone number in use by the owner's active customers (one query)."""

    @abstractmethod
    def add_many(self, *, owner_id: int, actor_id: int, fields: list[CustomerFields]) -> int:
        """Store all of them or none (one transaction), each with its "created" history entry;
        `DuplicatePhoneNumber` if a number was taken meanwhile. Returns how many were stored."""

    @abstractmethod
    def add_batches(self, *, owner_id: int, actor_id: int, batches: Iterable[list[CustomerFields]]) -> int:
        """Store every batch the iterable yields in one transaction, each customer with its
        "created" history entry, holding one batch at a time. If the iterable raises (a row
        found invalid further down the file), or a number was taken meanwhile
        (`DuplicatePhoneNumber`), nothing is stored. Returns how many were stored."""

    @abstractmethod
    def list_deleted(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        """Soft-deleted customers, most recently deleted first (ties by id), with the total."""

    @abstractmethod
    def get_deleted(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        """A soft-deleted customer of the owner, or `CustomerNotFound`."""

    @abstractmethod
    def restore(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        """Make a soft-deleted customer active again, bump its version and record "restored" in
        its history; `CustomerNotFound` if there is none, `PhoneReusedOnRestore` if an active
        customer has its number meanwhile."""

    # --- erasure: every copy of the person goes --------------------------------
    @abstractmethod
    def purge_deleted_before(self, *, cutoff: datetime) -> int:
        """Erase, as `erase_deleted` does (actor none, reason "retention"), every customer of
        any owner soft-deleted before `cutoff`; how many."""

    # --- keyset windows of the other listings (each order ends with id, same direction) -----
    @abstractmethod
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

    @abstractmethod
    def list_deleted_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[DeletedCustomer]:
        """`list_after` for the trash: most recently deleted first (positions of deleted_at, id)."""

    @abstractmethod
    def history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[HistoryEntry]:
        """`list_after` for a customer's history: newest first (positions of the entry id);
        `CustomerNotFound` as `customer_history`."""

    @abstractmethod
    def erase_deleted(
        self, *, owner_id: int, customer_id: int, actor_id: int | None, reason: ErasureReason
    ) -> bool:
        """Remove a customer in the owner's trash and every copy of their personal data: the row,
        every history row, stored API answers that carry them, the owner's pending import uploads.
        What stays is an audit record without personal data (customer id, who, when, why).
        False, and nothing changed, when the owner has no such customer in the trash right now
        (checked in the same transaction as the removal, so a concurrent restore wins cleanly)."""

    @abstractmethod
    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        """Erase every customer of the owner, active and deleted, as `erase_deleted` does; how many."""

    @abstractmethod
    def stored_copies(self, *, owner_id: int, customer: Customer) -> list[StoredCopy]:
        """Copies of the customer's personal data kept outside the record and its history."""
