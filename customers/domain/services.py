"""The customer service: every rule about customers is applied here, whichever edge calls."""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from common.exceptions import ErrorDetail
from customers.domain import rules
from customers.domain.entities import CursorPage, Customer, CustomerFields, HistoryEntry, Page, Position
from customers.domain.errors import CustomerChanged, CustomerValidationError, DuplicatePhoneNumber
from customers.domain.interfaces.customer_repository import CustomerRepository

EDITABLE_FIELDS = ("first_name", "last_name", "phone_number", "date_of_birth")


class CustomerService:
    def __init__(
        self,
        *,
        repository: CustomerRepository,
        today: Callable[[], date],
        default_region: str,
    ) -> None:
        self._repository = repository
        self._today = today
        self._default_region = default_region

    # --- queries ------------------------------------------------------------------------
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
        if after is not None and before is not None:
            raise ValueError("give at most one of `after` and `before`")
        window = self._repository.list_after(owner_id=owner_id, limit=limit, after=after, before=before)
        if not window.items:
            return CursorPage(items=[])
        newest, oldest = window.items[0].position, window.items[-1].position
        if before is not None:
            # Read backwards: older customers exist (the cursor's own row at least).
            return CursorPage(
                items=window.items,
                next_after=oldest,
                previous_before=newest if window.has_more else None,
            )
        return CursorPage(
            items=window.items,
            next_after=oldest if window.has_more else None,
            previous_before=newest if after is not None else None,
        )

    def get_customer(self, *, owner_id: int, customer_id: int) -> Customer:
        return self._repository.get(owner_id=owner_id, customer_id=customer_id)

    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        """Who changed what and when, newest first; readable for the owner's deleted customers too."""
        return self._repository.customer_history(
            owner_id=owner_id, customer_id=customer_id, offset=offset, limit=limit
        )

    def today(self) -> date:
        return self._today()

    # --- commands -----------------------------------------------------------------------
    def create_customer(
        self,
        *,
        owner_id: int,
        actor_id: int,
        first_name: str,
        last_name: str = "",
        phone_number: str,
        date_of_birth: date,
    ) -> Customer:
        """Create a customer in the owner's book after every rule has passed.

        The phone rule is not pre-checked with a query here: `add` must refuse a taken
        number with `DuplicatePhoneNumber` anyway (the database constraint is what wins a
        race), so asking first would only cost every create one more round trip.
        """
        fields = self.check_fields(
            first_name=first_name,
            last_name=last_name,
            phone_number=phone_number,
            date_of_birth=date_of_birth,
        )
        return self._repository.add(owner_id=owner_id, actor_id=actor_id, fields=fields)

    def update_customer(
        self,
        *,
        owner_id: int,
        customer_id: int,
        actor_id: int,
        changes: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> Customer:
        """Apply `changes` (any subset of the editable fields) to an active customer.

        With `expected_version` (the version the caller read), `CustomerChanged` is raised
        instead of overwriting a newer change; the repository re-checks it in the write itself.
        """
        unknown = set(changes) - set(EDITABLE_FIELDS)
        if unknown:
            raise CustomerValidationError(
                [ErrorDetail(name, "unknown_field", "This field cannot be set.") for name in sorted(unknown)]
            )
        current = self._repository.get(owner_id=owner_id, customer_id=customer_id)
        if expected_version is not None and current.version != expected_version:
            raise CustomerChanged()
        merged = {name: getattr(current, name) for name in EDITABLE_FIELDS} | dict(changes)
        fields = self.validate(owner_id=owner_id, existing=current, **merged)
        if fields == current.fields:
            return current
        return self._repository.update(
            owner_id=owner_id,
            customer_id=current.id,
            actor_id=actor_id,
            fields=fields,
            expected_version=expected_version,
        )

    def delete_customer(
        self, *, owner_id: int, customer_id: int, actor_id: int, expected_version: int | None = None
    ) -> None:
        """Soft-delete: the customer leaves every list and lookup, and its number is freed.
        With `expected_version`, only if nobody changed it since (else `CustomerChanged`)."""
        self._repository.soft_delete(
            owner_id=owner_id, customer_id=customer_id, actor_id=actor_id, expected_version=expected_version
        )

    # --- rules --------------------------------------------------------------------------
    def validate(
        self,
        *,
        owner_id: int,
        first_name: str,
        last_name: str,
        phone_number: str,
        date_of_birth: date,
        existing: Customer | None = None,
    ) -> CustomerFields:
        """Check every field rule, then the owner-wide phone rule; return normalised values.

        For an `existing` customer, an unchanged date of birth is not re-checked (it was valid
        when set; a customer who has since turned 101 can still have their name corrected).

        Raises `CustomerValidationError` listing every broken field rule, or
        `DuplicatePhoneNumber` when another active customer of the owner has the number.
        """
        fields = self.check_fields(
            first_name=first_name,
            last_name=last_name,
            phone_number=phone_number,
            date_of_birth=date_of_birth,
            existing=existing,
        )
        phone_changed = existing is None or existing.phone_number != fields.phone_number
        exclude_id = existing.id if existing else None
        if phone_changed and self._repository.phone_in_use(
            owner_id=owner_id, phone_number=fields.phone_number, exclude_id=exclude_id
        ):
            raise DuplicatePhoneNumber()
        return fields

    def check_fields(
        self,
        *,
        first_name: str,
        last_name: str,
        phone_number: str,
        date_of_birth: date,
        existing: Customer | None = None,
    ) -> CustomerFields:
        """The field rules alone (no query): normalised values, or `CustomerValidationError`
        listing every broken rule. An unchanged date of birth of an `existing` customer is
        not re-checked."""
        problems: list[ErrorDetail] = []
        first, problem = rules.normalize_name(first_name, field="first_name", required=True)
        problems += [problem] if problem else []
        last, problem = rules.normalize_name(last_name or "", field="last_name", required=False)
        problems += [problem] if problem else []
        phone, problem = rules.normalize_phone(phone_number, default_region=self._default_region)
        problems += [problem] if problem else []
        if existing is None or existing.date_of_birth != date_of_birth:
            problem = rules.check_date_of_birth(date_of_birth, today=self._today())
            problems += [problem] if problem else []
        if problems:
            raise CustomerValidationError(problems)
        return CustomerFields(
            first_name=first, last_name=last, phone_number=phone, date_of_birth=date_of_birth
        )
