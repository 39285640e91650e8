"""Active customers: the selector reads them, the service adds, changes and deletes them."""

from collections.abc import Mapping
from typing import Any

from common.exceptions import ErrorDetail
from customers.domain.entities import EDITABLE_FIELDS, CursorPage, Customer, CustomerFields, Page, Position
from customers.domain.errors import (
    CustomerChanged,
    CustomerValidationError,
    DuplicatePhoneNumber,
    NothingToUpdate,
)
from customers.domain.interfaces.records import RecordRepository
from customers.domain.ports import NULL_PUBLISHER, CustomerEvent, EventPublisher
from customers.domain.services._windows import cursor_page, one_side
from customers.domain.services.fields import FieldRules


class RecordSelector:
    def __init__(self, *, repository: RecordRepository) -> None:
        self._repository = repository

    def list_customers(self, *, owner_id: int, offset: int, limit: int) -> Page[Customer]:
        return self._repository.list_page(owner_id=owner_id, offset=offset, limit=limit)

    def list_customers_after(
        self,
        *,
        owner_id: int,
        limit: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> CursorPage[Customer]:
        """A keyset window of the owner's active customers, newest first, with the positions
        to walk on from. Deep windows cost the same as the first (an index seek, no count).

        `after` continues towards older customers, `before` goes back towards newer ones;
        neither starts at the newest. Giving both is a programming error.
        """
        one_side(after, before)
        window = self._repository.list_after(owner_id=owner_id, limit=limit, after=after, before=before)
        return cursor_page(window, lambda customer: customer.position, after=after, before=before)

    def get_customer(self, *, owner_id: int, customer_id: int) -> Customer:
        return self._repository.get(owner_id=owner_id, customer_id=customer_id)


class RecordService:
    def __init__(
        self, *, repository: RecordRepository, rules: FieldRules, events: EventPublisher = NULL_PUBLISHER
    ) -> None:
        self._repository = repository
        self._rules = rules
        self._events = events

    def create_customer(self, *, owner_id: int, actor_id: int, **values: Any) -> Customer:
        """Create a customer in the owner's book from its editable fields (by name) after every
        rule has passed.

        The phone rule is not pre-checked with a query here: `add` must refuse a taken
        number with `DuplicatePhoneNumber` anyway (the database constraint is what wins a
        race), so asking first would only cost every create one more round trip.
        """
        fields = self._rules.check_fields(**values)
        customer = self._repository.add(owner_id=owner_id, actor_id=actor_id, fields=fields)
        self._events.publish(CustomerEvent("customer.created", owner_id, customer.id, customer))
        return customer

    def update_customer(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        changes: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Customer:
        """Apply `changes` (any non-empty subset of the editable fields) to an active customer.

        The repository holds the customer locked while the rules run on its current state and
        writes only the fields that differ, so a concurrent change to another field survives.
        With `expected_version` (the version the caller read), `CustomerChanged` is raised
        instead of overwriting a newer change. An update naming no field is `NothingToUpdate`.
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise CustomerValidationError(
                [ErrorDetail(name, "unknown_field", "This field cannot be set.") for name in sorted(unknown)]
            )
        if not changes:
            raise NothingToUpdate(EDITABLE_FIELDS)

        before: dict[str, Any] = {}

        def change(current: Customer) -> CustomerFields:
            if expected_version is not None and current.version != expected_version:
                raise CustomerChanged()
            before.update({name: getattr(current, name) for name in EDITABLE_FIELDS})
            merged = before | dict(changes)
            return self.validate(owner_id=owner_id, existing=current, **merged)

        customer = self._repository.update(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, change=change
        )
        previous = {name: old for name, old in before.items() if getattr(customer, name) != old}
        self._events.publish(CustomerEvent("customer.updated", owner_id, customer.id, customer, previous))
        return customer

    def delete_customer(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        """Soft-delete: the customer leaves every list and lookup, and its number is freed.
        With `expected_version`, only if nobody changed it since (else `CustomerChanged`)."""
        self._repository.soft_delete(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, expected_version=expected_version
        )
        self._events.publish(CustomerEvent("customer.deleted", owner_id, customer_id))

    def validate(self, *, owner_id: int, existing: Customer | None = None, **values: Any) -> CustomerFields:
        """Check every field rule, then the owner-wide phone rule; return normalised values.

        For an `existing` customer, an unchanged date of birth is not re-checked (it was valid
        when set; a customer who has since turned 101 can still have their name corrected).

        Raises `CustomerValidationError` listing every broken field rule, or
        `DuplicatePhoneNumber` when another active customer of the owner has the number.
        """
        fields = self._rules.check_fields(existing=existing, **values)
        phone_changed = existing is None or existing.phone_number != fields.phone_number
        exclude_id = existing.id if existing else None
        if phone_changed and self._repository.phone_in_use(
            owner_id=owner_id, phone_number=fields.phone_number, exclude_id=exclude_id
        ):
            raise DuplicatePhoneNumber()
        return fields
