"""The trash: the selector lists soft-deleted customers, the service brings one back."""

from customers.domain.entities import CursorPage, Customer, DeletedCustomer, Page, SortPosition
from customers.domain.errors import PhoneReusedOnRestore
from customers.domain.interfaces.records import RecordRepository
from customers.domain.interfaces.trash import TrashRepository
from customers.domain.ports import NULL_PUBLISHER, CustomerEvent, EventPublisher
from customers.domain.services._windows import cursor_page, one_side


class TrashSelector:
    def __init__(self, *, repository: TrashRepository) -> None:
        self._repository = repository

    def list_deleted_customers(self, *, owner_id: int, offset: int, limit: int) -> Page[DeletedCustomer]:
        return self._repository.list_deleted(owner_id=owner_id, offset=offset, limit=limit)

    def list_deleted_customers_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> CursorPage[DeletedCustomer]:
        """A keyset window of the trash, most recently deleted first."""
        one_side(after, before)
        window = self._repository.list_deleted_after(
            owner_id=owner_id, limit=limit, after=after, before=before
        )
        return cursor_page(
            window, lambda d: SortPosition(value=d.deleted_at, id=d.customer.id), after=after, before=before
        )

    def get_deleted_customer(self, *, owner_id: int, customer_id: int) -> DeletedCustomer:
        """A customer in the owner's trash, or `CustomerNotFound`."""
        return self._repository.get_deleted(owner_id=owner_id, customer_id=customer_id)


class TrashService:
    def __init__(
        self,
        *,
        repository: TrashRepository,
        records: RecordRepository,
        events: EventPublisher = NULL_PUBLISHER,
    ) -> None:
        self._repository = repository
        self._records = records
        self._events = events

    def restore_customer(self, *, owner_id: int, customer_id: int, actor_id: int) -> Customer:
        """Bring a soft-deleted customer back, unless its phone number has been given to an
        active customer since (`PhoneReusedOnRestore`, a conflict); the unique index decides
        a race the same way."""
        deleted = self._repository.get_deleted(owner_id=owner_id, customer_id=customer_id)
        if self._records.phone_in_use(owner_id=owner_id, phone_number=deleted.customer.phone_number):
            raise PhoneReusedOnRestore()
        customer = self._repository.restore(owner_id=owner_id, customer_id=customer_id, actor_id=actor_id)
        self._events.publish(CustomerEvent("customer.restored", owner_id, customer.id, customer))
        return customer
