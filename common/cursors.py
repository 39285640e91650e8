"""The opaque cursor of keyset pagination: URL-safe base64 of a small JSON array.

`[direction, ISO time, id]` for the newest-first list (the original form), and
`[direction, value, id, key]` for any other order, where `key` names the order the cursor
belongs to (`-last_name`, `trash`, `history`, …) and `value` is the boundary row's sort value.
A cursor is only valid for the order it was issued for: following it with another `ordering`
is a 400, never a silently wrong page.

Plain Python (no Django, no DRF) so that tools such as the benchmark driver can build one.
"""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from common.exceptions import ValidationFailed

CURSOR_PARAM = "cursor"
MAX_CURSOR_LENGTH = 400
NEWEST_FIRST = "-created_at"  # the key of the original three-element cursor
_MAX_ID = 2**63 - 1  # a bigint; larger values would overflow the database driver

Direction = Literal["next", "previous"]
SortValue = str | int | date | datetime
_DIRECTION_CODES: dict[str, Direction] = {"n": "next", "p": "previous"}


@dataclass(frozen=True)
class Cursor:
    """A decoded cursor: read the rows after (`next`) or before (`previous`) this boundary,
    the row whose sort value is `value` and whose id is `id`, in the order `key`."""

    direction: Direction
    value: SortValue
    id: int
    key: str = NEWEST_FIRST

    @property
    def created_at(self) -> datetime:
        """The boundary's creation time (cursors of the newest-first list)."""
        assert isinstance(self.value, datetime)
        return self.value


def invalid_cursor() -> ValidationFailed:
    return ValidationFailed(
        "Invalid cursor: use the `next_cursor` or `previous_cursor` of a page as it is, with the "
        "same search, filters and ordering.",
        code="invalid_cursor",
        field=CURSOR_PARAM,
    )


def _text(value: SortValue) -> str | int:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def encode_cursor(direction: Direction, value: SortValue, row_id: int, key: str = NEWEST_FIRST) -> str:
    """URL-safe base64 (unpadded) of [direction, value, id] (newest-first) or
    [direction, value, id, key]."""
    parts: list[object] = [direction[0], _text(value), row_id]
    if key != NEWEST_FIRST:
        parts.append(key)
    raw = json.dumps(parts, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def aware_datetime(text: object) -> datetime:
    value = datetime.fromisoformat(str(text))
    if value.tzinfo is None:
        raise ValueError("naive time")
    return value


def iso_date(text: object) -> date:
    return date.fromisoformat(str(text))


def any_text(text: object) -> str:
    if not isinstance(text, str) or len(text) > 255:
        raise ValueError("not a name")
    return text


def whole_number(value: object) -> int:
    if type(value) is not int or not 0 < value <= _MAX_ID:
        raise ValueError("not an id")
    return value


def decode_cursor(
    token: str, *, key: str = NEWEST_FIRST, parse: Callable[[object], SortValue] = aware_datetime
) -> Cursor:
    """The cursor a client sent back for the order `key` (its sort value read by `parse`), or
    `ValidationFailed` naming `cursor` (a 400), whatever the bytes: nothing a client sends here
    can reach the database unchecked."""
    if len(token) > MAX_CURSOR_LENGTH:
        raise invalid_cursor()
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        parts = json.loads(raw)
        if not isinstance(parts, list) or len(parts) not in (3, 4):
            raise ValueError("not a cursor")
        direction = _DIRECTION_CODES[parts[0]]
        issued_for = parts[3] if len(parts) == 4 else NEWEST_FIRST
        if issued_for != key:
            raise ValueError("another order's cursor")
        value = parse(parts[1])
        row_id = whole_number(parts[2])
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError):
        raise invalid_cursor() from None
    return Cursor(direction=direction, value=value, id=row_id, key=key)
