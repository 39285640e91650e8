"""Numbered pagination for server-rendered pages: parse whatever `?page=` says, and build a
short window of links (first, a few around the current page, last) instead of one per page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

# Far beyond any real customer book, small enough that (page - 1) * size never overflows a
# database's OFFSET.
MAX_PAGE_NUMBER = 1_000_000_000


def parse_page_number(raw: str | None) -> int:
    """A page number from user input: garbage, zero and negatives mean page 1; huge numbers
    are capped (the caller then clamps to the last page)."""
    text = (raw or "").strip()
    if text.isascii() and text.isdigit() and len(text) > len(str(MAX_PAGE_NUMBER)):
        return MAX_PAGE_NUMBER  # huge but numeric: past the end (and too long for int())
    try:
        number = int(text)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE_NUMBER)


def last_page_number(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


@dataclass(frozen=True)
class PageLinks:
    number: int
    last: int
    window: list[int | None]  # None marks a gap ("…")

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.last

    @property
    def previous_number(self) -> int:
        return max(1, self.number - 1)

    @property
    def next_number(self) -> int:
        return min(self.last, self.number + 1)


def page_links(number: int, last: int, *, radius: int = 2) -> PageLinks:
    """Links for page `number` of `last`: 1, the pages within `radius` of `number`, and `last`,
    with None where pages were skipped."""
    shown = {1, last, *range(max(1, number - radius), min(last, number + radius) + 1)}
    window: list[int | None] = []
    previous = 0
    for page in sorted(shown):
        if page - previous > 1:
            window.append(None)
        window.append(page)
        previous = page
    return PageLinks(number=number, last=last, window=window)


_PLACEHOLDER_ID = 2_147_483_647


def id_url(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[id])` for a page of ids at the cost of one reverse: the route's URL
    around a placeholder id, filled in for each row (the route takes one integer id)."""
    head, _, tail = reverse(name, args=[_PLACEHOLDER_ID]).rpartition(str(_PLACEHOLDER_ID))
    return lambda pk: f"{head}{int(pk)}{tail}"
