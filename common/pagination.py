"""Pagination over service calls (not querysets), in two modes.

limit/offset (the default) reports a total `count`. Keyset mode (`?cursor=…`, or
`?pagination=cursor` to start a walk) seeks from an opaque cursor naming the boundary row's
(created_at, id): deep pages cost the same as the first, and it reports no count, because
counting the whole collection is the cost it exists to avoid.
"""

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

from common.exceptions import ValidationFailed

CURSOR_PARAM = "cursor"
MODE_PARAM = "pagination"
MAX_CURSOR_LENGTH = 200
_MAX_ID = 2**63 - 1  # a bigint; larger values would overflow the database driver


class EnvelopeLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset over a service call instead of a queryset. `limit` is clamped to
    1..max_limit and `offset` to >= 0, so absurd values never reach the database."""

    default_limit = 20
    max_limit = 100

    def get_limit(self, request: Request) -> int:
        limit = super().get_limit(request) or self.default_limit
        return max(1, min(limit, self.max_limit))

    def paginate(self, request: Request, fetch: Callable[[int, int], Any]) -> list[Any]:
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        page = fetch(self.offset, self.limit)
        self.count = page.total
        return list(page.items)

    def page_data(self, results: list[Any]) -> dict[str, Any]:
        return {
            "count": self.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": results,
        }


# --- keyset (cursor) mode -------------------------------------------------------------------

Direction = Literal["next", "previous"]
_DIRECTION_CODES: dict[str, Direction] = {"n": "next", "p": "previous"}


@dataclass(frozen=True)
class Cursor:
    """A decoded cursor: read the rows after (`next`) or before (`previous`) this boundary."""

    direction: Direction
    created_at: datetime
    id: int


class _Boundary(Protocol):
    created_at: datetime
    id: int


class _CursorWindow(Protocol):
    @property
    def items(self) -> list[Any]: ...
    @property
    def next_after(self) -> _Boundary | None: ...
    @property
    def previous_before(self) -> _Boundary | None: ...


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


class EnvelopeCursorPagination:
    """Keyset pagination over a service call: `data = {next, previous, results}`."""

    limits = EnvelopeLimitOffsetPagination

    @staticmethod
    def requested(request: Request) -> bool:
        """Cursor mode: a `cursor` parameter (an empty one starts at the newest) or
        `pagination=cursor`. `pagination=offset` or neither keeps limit/offset."""
        mode = request.query_params.get(MODE_PARAM)
        if mode not in (None, "", "offset", "cursor"):
            raise ValidationFailed(
                "Choose `offset` (the default) or `cursor`.", code="invalid_choice", field=MODE_PARAM
            )
        return mode == "cursor" or CURSOR_PARAM in request.query_params

    def paginate(self, request: Request, fetch: Callable[[int, Cursor | None], _CursorWindow]) -> list[Any]:
        self.request = request
        self.limit = self.limits().get_limit(request)
        token = request.query_params.get(CURSOR_PARAM, "")
        page = fetch(self.limit, decode_cursor(token) if token else None)
        self.next_boundary = page.next_after
        self.previous_boundary = page.previous_before
        return list(page.items)

    def _link(self, direction: Direction, boundary: _Boundary | None) -> str | None:
        if boundary is None:
            return None
        url = self.request.build_absolute_uri()
        for stale in ("offset", MODE_PARAM):
            url = remove_query_param(url, stale)
        token = encode_cursor(direction, boundary.created_at, boundary.id)
        return str(replace_query_param(url, CURSOR_PARAM, token))

    def page_data(self, results: list[Any]) -> dict[str, Any]:
        return {
            "next": self._link("next", self.next_boundary),
            "previous": self._link("previous", self.previous_boundary),
            "results": results,
        }
