"""The opaque cursor of keyset pagination: URL-safe base64 of [direction, ISO time, id].

Plain Python (no Django, no DRF) so that tools such as the benchmark driver can build one.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from common.exceptions import ValidationFailed

CURSOR_PARAM = "cursor"
MAX_CURSOR_LENGTH = 200
_MAX_ID = 2**63 - 1  # a bigint; larger values would overflow the database driver

Direction = Literal["next", "previous"]
_DIRECTION_CODES: dict[str, Direction] = {"n": "next", "p": "previous"}


@dataclass(frozen=True)
class Cursor:
    """A decoded cursor: read the rows after (`next`) or before (`previous`) this boundary."""

    direction: Direction
    created_at: datetime
    id: int


def invalid_cursor() -> ValidationFailed:
    return ValidationFailed(
        "Invalid cursor: use the `next` or `previous` link of a page as it is.",
        code="invalid_cursor",
        field=CURSOR_PARAM,
    )


def encode_cursor(direction: Direction, created_at: datetime, row_id: int) -> str:
    """URL-safe base64 (unpadded) of a small JSON array: [direction, ISO timestamp, id]."""
    raw = json.dumps([direction[0], created_at.isoformat(), row_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str) -> Cursor:
    """The cursor a client sent back, or `ValidationFailed` naming `cursor` (a 400), whatever
    the bytes: nothing a client sends here can reach the database unchecked."""
    if len(token) > MAX_CURSOR_LENGTH:
        raise invalid_cursor()
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        direction_code, stamp, row_id = json.loads(raw)
        direction = _DIRECTION_CODES[direction_code]
        created_at = datetime.fromisoformat(stamp)
    except (binascii.Error, ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError):
        raise invalid_cursor() from None
    if created_at.tzinfo is None or type(row_id) is not int or not 0 < row_id <= _MAX_ID:
        raise invalid_cursor()
    return Cursor(direction=direction, created_at=created_at, id=row_id)
