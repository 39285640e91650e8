import pytest

from common.page_links import MAX_PAGE_NUMBER, last_page_number, page_links, parse_page_number


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, 1),
        ("", 1),
        ("abc", 1),
        ("0", 1),
        ("-7", 1),
        ("2.5", 1),
        (" 3 ", 3),
        ("²", 1),
        ("12", 12),
        ("9" * 30, MAX_PAGE_NUMBER),
        ("9" * 5000, MAX_PAGE_NUMBER),
    ],
)
def test_parse_page_number(raw, expected):
    assert parse_page_number(raw) == expected


@pytest.mark.parametrize(("total", "last"), [(0, 1), (1, 1), (10, 1), (11, 2), (20, 2), (21, 3)])
def test_last_page_number(total, last):
    assert last_page_number(total, 10) == last


@pytest.mark.parametrize(
    ("number", "last", "window"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (3, 5, [1, 2, 3, 4, 5]),
    ],
)
def test_page_window_shows_first_last_and_neighbours_with_gaps(number, last, window):
    links = page_links(number, last)
    assert links.window == window
    assert links.has_previous == (number > 1) and links.has_next == (number < last)
    assert links.previous_number == max(1, number - 1) and links.next_number == min(last, number + 1)


@pytest.mark.parametrize("name", ["customers:modify", "customers:history", "customers:delete"])
def test_id_url_is_reverse_for_every_id(name):
    from django.urls import reverse

    from common.page_links import id_url

    url = id_url(name)
    for pk in (1, 7, 10, 2_147_483_646, 2_147_483_647, 9_000_000_000):
        assert url(pk) == reverse(name, args=[pk])
