from collections.abc import Callable
from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


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
