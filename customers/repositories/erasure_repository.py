"""Erasure: trashed customers, whole books and expired trash removed for good, with every
stored copy of a person (see `erasure`)."""

from datetime import datetime

from django.db import transaction

from customers.domain.entities import Customer, ErasureReason, StoredCopy
from customers.domain.interfaces.erasure import ErasureRepository
from customers.models import Customer as CustomerModel
from customers.repositories import erasure
from customers.repositories.querysets import deleted_customers_of
from customers.repositories.rows import history_manager


class DjangoErasureRepository(ErasureRepository):
    def purge_deleted_before(self, *, cutoff: datetime) -> int:
        matching = CustomerModel.objects.filter(deleted_at__lt=cutoff)
        return erasure.erase(matching, actor_id=None, reason="retention", history=history_manager())

    def erase_deleted(
        self, *, owner_id: int, customer_id: int, actor_id: int | None, reason: ErasureReason
    ) -> bool:
        matching = deleted_customers_of(owner_id).filter(pk=customer_id)
        return erasure.erase(matching, actor_id=actor_id, reason=reason, history=history_manager()) == 1

    def erase_book(self, *, owner_id: int, actor_id: int | None, reason: ErasureReason) -> int:
        matching = CustomerModel.objects.owned_by(owner_id)
        with transaction.atomic():
            erased = erasure.erase(matching, actor_id=actor_id, reason=reason, history=history_manager())
            # Also rows left in the owner's book by customers removed before erasure existed,
            # or moved to another owner by staff: the history of this book goes with it.
            history_manager().filter(owner_id=owner_id).delete()
        return erased

    def stored_copies(self, *, owner_id: int, customer: Customer) -> list[StoredCopy]:
        person = {
            "id": customer.id,
            "owner_id": owner_id,
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "phone_number": customer.phone_number,
        }
        return erasure.stored_copies(owner_id=owner_id, person=person)
