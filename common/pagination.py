"""Pagination over service calls (not querysets), in two modes.

limit/offset (the default) reports a total `count`. Keyset mode (`?cursor=…`, or
`?pagination=cursor` to start a walk) seeks from an opaque cursor naming the boundary row's
(created_at, id): deep pages cost the same as the first, and it reports no count, because
counting the whole collection is the cost it exists to avoid.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

from common.cursors import CURSOR_PARAM, Cursor, Direction, decode_cursor, encode_cursor
from common.exceptions import ValidationFailed

MODE_PARAM = "pagination"
__all__ = [
    "Cursor",
    "EnvelopeCursorPagination",
    "EnvelopeLimitOffsetPagination",
    "decode_cursor",
    "encode_cursor",
]


# The largest OFFSET every backend takes (a signed 64-bit integer); a larger one is a 400.
MAX_OFFSET = 2**63 - 1


def _query_int(request: Request, name: str, *, default: int, minimum: int, maximum: int = MAX_OFFSET) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        message = f"Must be a whole number from {minimum} to {maximum}."
        raise serializers.ValidationError({name: [serializers.ErrorDetail(message, code="invalid")]})
    return value


class EnvelopeLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset over a service call instead of a queryset. Malformed values are a 400
    naming the parameter; a `limit` above `max_limit` is clamped to it."""

    default_limit = 20
    max_limit = 100

    def get_limit(self, request: Request) -> int:
        limit = _query_int(request, self.limit_query_param, default=self.default_limit, minimum=1)
        return min(limit, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return _query_int(request, self.offset_query_param, default=0, minimum=0)

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
