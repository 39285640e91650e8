"""Erasing customers from every place a copy of them is kept (GDPR article 17).

A customer's personal data lives in: the `customers` row, every row of `customers_history` for
that id (simple-history keeps them when the row goes, and its post_delete signal even adds one
more), answers kept for `Idempotency-Key` replays (the created customer, or a possible-duplicate
warning naming them), and the owner's pending import uploads. All of them go in one transaction
(the files once it commits); what stays is a `customer_erasures` row: id, who, when, why.
"""

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from common import idempotency
from customers.domain.entities import ErasureReason, StoredCopy
from customers.models import Customer as CustomerModel
from customers.models import CustomerErasure, CustomerQuerySet
from customers.repositories import pending_imports


@dataclass(frozen=True)
class _Person:
    id: int
    owner_id: int
    phone_number: str
    full_name: str


def _carries(people: Iterable[_Person]) -> Callable[[object], bool]:
    """Whether a kept API answer holds one of these people: their record (`data.id`), or their
    phone number or full name anywhere in it (a warning about a possible duplicate names them).
    Erring towards "yes" only costs a replay: the retried request then runs afresh."""
    ids = {person.id for person in people}
    needles = [text for person in people for text in (person.phone_number, person.full_name) if text]

    def carries(body: object) -> bool:
        data = body.get("data") if isinstance(body, dict) else None
        if isinstance(data, dict) and data.get("id") in ids:
            return True
        text = json.dumps(body, ensure_ascii=False)
        return any(needle in text for needle in needles)

    return carries


def _people(rows: Iterable[Mapping[str, Any]]) -> list[_Person]:
    return [
        _Person(
            id=row["id"],
            owner_id=row["owner_id"],
            phone_number=row["phone_number"],
            full_name=f"{row['first_name']} {row['last_name']}".strip(),
        )
        for row in rows
    ]


# Ids per transaction: well under every backend's limit on query parameters (SQLite's is the
# lowest), and short transactions when the sweep erases a large trash.
BATCH_SIZE = 500


def erase(matching: CustomerQuerySet, *, actor_id: int | None, reason: ErasureReason, history: Any) -> int:
    """Erase every customer `matching` selects, with all their copies, `BATCH_SIZE` at a time
    (one transaction each); how many.

    The rows are locked by primary key first and `matching` is checked again under the lock, so
    a concurrent restore or edit either finishes before (and the customer no longer matches) or
    waits and finds nothing. Locking through the primary key alone, never through a secondary
    index, keeps the lock order the same as an UPDATE's: locking via the trash index deadlocked
    against a restore on MariaDB (tests/races/test_erase_races.py)."""
    candidates = list(matching.values_list("id", flat=True))
    erased = 0
    for start in range(0, len(candidates), BATCH_SIZE):
        batch = candidates[start : start + BATCH_SIZE]
        erased += _erase_batch(matching, batch, actor_id=actor_id, reason=reason, history=history)
    return erased


def _erase_batch(
    matching: CustomerQuerySet,
    candidates: list[int],
    *,
    actor_id: int | None,
    reason: ErasureReason,
    history: Any,
) -> int:
    now = timezone.now()
    with transaction.atomic():
        list(CustomerModel.objects.filter(pk__in=candidates).select_for_update().values_list("id", flat=True))
        rows = list(
            matching.filter(pk__in=candidates).values(
                "id", "owner_id", "first_name", "last_name", "phone_number"
            )
        )
        if not rows:
            return 0
        people = _people(rows)
        ids = [person.id for person in people]
        # Row first: simple-history's post_delete signal writes one last history row, which the
        # history delete below then takes with the rest.
        CustomerModel.objects.filter(pk__in=ids).delete()
        history.filter(id__in=ids).delete()
        owners = sorted({person.owner_id for person in people})
        for owner_id in owners:
            idempotency.forget_answers(owner_id, _carries([p for p in people if p.owner_id == owner_id]))
        CustomerErasure.objects.bulk_create(
            [
                CustomerErasure(customer_id=customer_id, erased_by_id=actor_id, erased_at=now, reason=reason)
                for customer_id in ids
            ]
        )

        def discard_uploads() -> None:
            for owner_id in owners:
                pending_imports.discard_all_of(owner_id)

        transaction.on_commit(discard_uploads)
    return len(ids)


def stored_copies(*, owner_id: int, person: dict[str, Any]) -> list[StoredCopy]:
    """The kept API answers that carry this customer (for a personal-data export)."""
    carries = _carries(_people([person]))
    return [
        StoredCopy(kind="idempotency_replay", stored_at=stored_at, expires_at=expires_at, content=body)
        for stored_at, expires_at, body in idempotency.stored_answers(owner_id, carries)
    ]
