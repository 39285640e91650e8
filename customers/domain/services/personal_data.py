"""Personal data (GDPR articles 15 and 17): the selector gathers everything stored about a
customer, the service erases every copy of them."""

from datetime import datetime

from customers.domain.entities import ErasureReason, HistoryEntry, PersonalData
from customers.domain.errors import CustomerNotFound, CustomerNotInTrash
from customers.domain.interfaces.erasure import ErasureRepository
from customers.domain.interfaces.history import HistoryRepository
from customers.domain.interfaces.records import RecordRepository
from customers.domain.interfaces.trash import TrashRepository
from customers.domain.ports import NULL_PUBLISHER, CustomerEvent, EventPublisher

# History entries read per query while gathering a customer's personal data.
_HISTORY_CHUNK = 500


class PersonalDataSelector:
    def __init__(
        self,
        *,
        repository: ErasureRepository,
        records: RecordRepository,
        trash: TrashRepository,
        history: HistoryRepository,
    ) -> None:
        self._repository = repository
        self._records = records
        self._trash = trash
        self._history = history

    def personal_data(self, *, owner_id: int, customer_id: int) -> PersonalData:
        """Everything stored about one of the owner's customers, active or in the trash: the
        record, every history entry (newest first) and the other copies kept of it."""
        deleted_at = None
        try:
            customer = self._records.get(owner_id=owner_id, customer_id=customer_id)
        except CustomerNotFound:
            deleted = self._trash.get_deleted(owner_id=owner_id, customer_id=customer_id)
            customer, deleted_at = deleted.customer, deleted.deleted_at
        history: list[HistoryEntry] = []
        while True:
            page = self._history.customer_history(
                owner_id=owner_id, customer_id=customer_id, offset=len(history), limit=_HISTORY_CHUNK
            )
            history += page.items
            if not page.items or len(history) >= page.total:
                break
        copies = self._repository.stored_copies(owner_id=owner_id, customer=customer)
        return PersonalData(customer=customer, deleted_at=deleted_at, history=history, copies=copies)


class ErasureService:
    def __init__(
        self,
        *,
        repository: ErasureRepository,
        records: RecordRepository,
        events: EventPublisher = NULL_PUBLISHER,
    ) -> None:
        self._repository = repository
        self._records = records
        self._events = events

    def erase_customer(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int | None,
        reason: ErasureReason = "owner",
    ) -> None:
        """Erase a customer in the owner's trash now: the record, its whole history and every
        other copy, leaving only an audit record without personal data. Afterwards the id is
        unknown everywhere, history included. An active customer is `CustomerNotInTrash`
        (delete it first); anyone else's or an unknown id is `CustomerNotFound`."""
        if self._repository.erase_deleted(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, reason=reason
        ):
            self._events.publish(CustomerEvent("customer.erased", owner_id, customer_id))
            return
        self._records.get(owner_id=owner_id, customer_id=customer_id)  # CustomerNotFound if not active
        raise CustomerNotInTrash()

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        """Erase every customer of the owner, active or in the trash (closing an account)."""
        return self._repository.erase_book(owner_id=owner_id, actor_id=actor_id, reason=reason)

    def purge_deleted(self, *, older_than: datetime) -> int:
        """Erase (every copy, history included) customers soft-deleted before `older_than`;
        returns how many."""
        return self._repository.purge_deleted_before(cutoff=older_than)
