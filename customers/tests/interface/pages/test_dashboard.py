"""The dashboard through the Django test client, with CSRF enforced as in production."""

from datetime import date

import pytest
from django.utils import timezone

from customers.tests.factories import CustomerFactory
from customers.tests.interface.pages.helpers import CREATE, DASHBOARD, delete_url, modify_url, rows
from users.tests.pages import page_client

pytestmark = pytest.mark.django_db


# --- login required -----------------------------------------------------------------------


@pytest.mark.parametrize("path", [DASHBOARD, CREATE, "/customer/1/modify/", "/customer/1/delete/"])
def test_every_customer_page_sends_an_anonymous_visitor_to_login(db, path):
    response = page_client().get(path)
    assert response.status_code == 302 and response["Location"] == f"/?next={path}"


# --- dashboard ----------------------------------------------------------------------------


def test_empty_dashboard_invites_to_add_a_first_customer(client):
    response = client.get(DASHBOARD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "No customers yet" in html and f'href="{CREATE}"' in html
    assert "0 customers" in html


def test_dashboard_shows_ten_newest_first_and_the_rest_on_page_two(client, alice):
    made = [CustomerFactory(owner=alice, first_name=f"Person{chr(65 + n)}") for n in range(12)]
    first = client.get(DASHBOARD)
    assert [row["customer"].id for row in rows(first)] == [c.pk for c in reversed(made[2:])]
    assert "12 customers" in first.content.decode()
    second = client.get(f"{DASHBOARD}?page=2")
    assert [row["customer"].id for row in rows(second)] == [made[1].pk, made[0].pk]
    html = second.content.decode()
    assert 'aria-current="page">2<' in html and 'rel="prev"' in html and 'rel="next"' not in html


def test_dashboard_row_shows_name_readable_phone_date_of_birth_age_and_actions(client, alice):
    today = timezone.localdate()
    customer = CustomerFactory(
        owner=alice,
        first_name="Anne-Marie",
        last_name="Zoë",
        phone_number="+14155550123",
        date_of_birth=date(today.year - 30, 1, 1),
    )
    html = client.get(DASHBOARD).content.decode()
    assert "Anne-Marie Zoë" in html
    assert "+1 415-555-0123" in html
    assert f"1 Jan {today.year - 30}" in html
    assert rows(client.get(DASHBOARD))[0]["age"] == 30
    assert f'href="{modify_url(customer)}"' in html and f'href="{delete_url(customer)}"' in html


def test_dashboard_lists_only_the_owners_active_customers(client, alice, bob):
    mine = CustomerFactory(owner=alice, first_name="Mine")
    CustomerFactory(owner=alice, first_name="Gone", deleted_at=timezone.now())
    CustomerFactory(owner=bob, first_name="Theirs")
    response = client.get(DASHBOARD)
    assert [row["customer"].id for row in rows(response)] == [mine.pk]
    html = response.content.decode()
    assert "Gone" not in html and "Theirs" not in html and "1 customer" in html


@pytest.mark.parametrize("raw", ["abc", "0", "-3", "", "1.5", "%00"])
def test_garbage_page_numbers_show_page_one(client, alice, raw):
    CustomerFactory.create_batch(12, owner=alice)
    response = client.get(DASHBOARD, {"page": raw})
    assert response.status_code == 200 and len(rows(response)) == 10
    assert response.context["links"].number == 1


@pytest.mark.parametrize("raw", ["3", "999", "9" * 30, "9" * 3000])
def test_page_numbers_past_the_end_go_to_the_last_page(client, alice, raw):
    CustomerFactory.create_batch(12, owner=alice)
    response = client.get(DASHBOARD, {"page": raw})
    assert response.status_code == 302 and response["Location"] == f"{DASHBOARD}?page=2"
    assert len(rows(client.get(response["Location"]))) == 2


def test_page_past_the_end_of_an_empty_book_shows_the_empty_state(client):
    response = client.get(DASHBOARD, {"page": "4"}, follow=True)
    assert response.status_code == 200 and "No customers yet" in response.content.decode()


def test_many_pages_get_a_window_of_links_not_one_per_page(client, alice):
    CustomerFactory.create_batch(95, owner=alice)  # 10 pages
    html = client.get(DASHBOARD, {"page": "5"}).content.decode()
    linked = {n for n in range(1, 11) if f'href="?page={n}" aria-label="Page {n}"' in html}
    assert linked == {1, 3, 4, 6, 7, 10}
    assert 'aria-current="page">5<' in html and html.count("…") == 2
    assert (
        'href="?page=1" aria-label="First page"' in html and 'href="?page=10" aria-label="Last page"' in html
    )
    last = client.get(DASHBOARD, {"page": "10"})
    assert len(rows(last)) == 5 and 'rel="next"' not in last.content.decode()


def test_dashboard_costs_four_queries_session_user_count_and_page(client, alice, django_assert_num_queries):
    CustomerFactory.create_batch(15, owner=alice)
    with django_assert_num_queries(4):
        response = client.get(DASHBOARD, {"page": "2"})
    assert len(rows(response)) == 5


def test_dashboard_dates_read_exactly_as_djangos_date_filter():
    from datetime import date

    from django.template.defaultfilters import date as date_filter

    from customers.interface.pages.dashboard import short_date

    for day in [date(1990, month, day) for month in range(1, 13) for day in (1, 9, 28)] + [date(2000, 2, 29)]:
        assert short_date(day) == date_filter(day, "j M Y")
