from collections.abc import Callable
from typing import Any

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


def _query_int(request: Request, name: str, *, default: int, minimum: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        message = f"Must be a whole number of at least {minimum}."
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
