"""Keyset windows turned into pages a caller can walk on from (shared by every listing)."""

from collections.abc import Callable
from typing import Any

from customers.domain.entities import CursorPage, KeysetSlice


def one_side(after: object, before: object) -> None:
    if after is not None and before is not None:
        raise ValueError("give at most one of `after` and `before`")


def cursor_page(
    window: KeysetSlice[Any],
    position_of: Callable[[Any], Any],
    *,
    after: object,
    before: object,
) -> CursorPage[Any]:
    """A keyset window with the positions to walk on from: `next_after` towards the end,
    `previous_before` back towards the start; None where there is nothing that way."""
    if not window.items:
        return CursorPage(items=[])
    first, last = position_of(window.items[0]), position_of(window.items[-1])
    if before is not None:
        # Read backwards: rows beyond exist (the cursor's own row at least).
        return CursorPage(
            items=window.items, next_after=last, previous_before=first if window.has_more else None
        )
    return CursorPage(
        items=window.items,
        next_after=last if window.has_more else None,
        previous_before=first if after is not None else None,
    )
