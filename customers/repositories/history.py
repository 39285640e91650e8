"""History: a customer's changes, newest first, each with what it changed from."""

from typing import Any

from customers.domain.entities import (
    HISTORY_FIELDS,
    CustomerFields,
    HistoryAction,
    HistoryEntry,
    KeysetSlice,
    Page,
    SortPosition,
    changes_between,
)
from customers.domain.errors import CustomerNotFound
from customers.domain.interfaces.history import HistoryRepository
from customers.models import Customer as CustomerModel
from customers.repositories.querysets import keyset_window
from customers.repositories.rows import history_manager

_HISTORY_COLUMNS = ("history_id", "history_type", "history_change_reason", "history_date", "history_user_id")
_ACTIONS: frozenset[str] = frozenset({"created", "updated", "deleted", "restored"})
# Records written by simple-history's signals (admin, fixtures) carry no action of ours.
_ACTION_BY_HISTORY_TYPE: dict[str, HistoryAction] = {"+": "created", "~": "updated", "-": "deleted"}


def _history_action(row: dict[str, Any]) -> HistoryAction:
    reason = row["history_change_reason"]
    if reason in _ACTIONS:
        return reason
    return _ACTION_BY_HISTORY_TYPE.get(row["history_type"], "updated")


def _snapshot(row: dict[str, Any]) -> CustomerFields:
    return CustomerFields(**{name: row[name] for name in HISTORY_FIELDS})


class DjangoHistoryRepository(HistoryRepository):
    def customer_history(
        self, *, owner_id: int, customer_id: int, offset: int, limit: int
    ) -> Page[HistoryEntry]:
        # Owner and id are copied into every history row, so one filter scopes it; deleted
        # customers keep theirs. history_id grows with each write: newest first, no ties.
        records = history_manager().filter(id=customer_id, owner_id=owner_id)
        total = records.count()
        if total == 0:
            if not CustomerModel.objects.owned_by(owner_id).filter(pk=customer_id).exists():
                raise CustomerNotFound()
            return Page(items=[], total=0)
        # One row past the window: the state before the oldest entry shown, to diff against.
        rows = list(
            records.order_by("-history_id").values(*_HISTORY_COLUMNS, *HISTORY_FIELDS)[
                offset : offset + limit + 1
            ]
        )
        return Page(items=_history_entries(rows, limit), total=total)

    def history_after(
        self,
        *,
        owner_id: int,
        customer_id: int,
        limit: int,
        after: SortPosition | None = None,
        before: SortPosition | None = None,
    ) -> KeysetSlice[HistoryEntry]:
        records = history_manager().filter(id=customer_id, owner_id=owner_id)
        columns = (*_HISTORY_COLUMNS, *HISTORY_FIELDS)
        window, has_more = keyset_window(
            records.values(*columns),
            "history_id",
            descending=True,
            limit=limit,
            after=after,
            before=before,
            tiebreak="history_id",
        )
        if not window:
            if not CustomerModel.objects.owned_by(owner_id).filter(pk=customer_id).exists():
                raise CustomerNotFound()
            return KeysetSlice(items=[], has_more=False)
        # The state before the oldest entry shown, to diff against (None: it is the creation).
        oldest = window[-1]["history_id"]
        earlier = records.filter(history_id__lt=oldest).order_by("-history_id").values(*columns)[:1]
        return KeysetSlice(items=_history_entries([*window, *earlier], len(window)), has_more=has_more)


def _history_entries(rows: list[dict[str, Any]], limit: int) -> list[HistoryEntry]:
    """Up to `limit` entries from history rows newest first; the row after each is the state
    it changed from."""
    entries = []
    for index, row in enumerate(rows[:limit]):
        before = _snapshot(rows[index + 1]) if index + 1 < len(rows) else None
        entries.append(
            HistoryEntry(
                id=row["history_id"],
                action=_history_action(row),
                at=row["history_date"],
                by=row["history_user_id"],
                changes=changes_between(before, _snapshot(row)),
            )
        )
    return entries
