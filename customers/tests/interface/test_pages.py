"""Customer pages through the Django test client, with CSRF enforced as in production."""

from datetime import date

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.dates import birthday_years_ago
from customers.tests.factories import CustomerFactory
from users.tests.pages import logged_in_client, page_client, submit

DASHBOARD = "/customer/dashboard/"
CREATE = "/customer/create/"

pytestmark = pytest.mark.django_db


VALID = {
    "first_name": "José",
    "last_name": "Núñez",
    "phone_number": "+14155550123",
    "date_of_birth": "1990-05-17",
}


@pytest.fixture
def client(alice):
    return logged_in_client(alice)


def rows(response) -> list:
    return response.context["rows"]


def modify_url(customer) -> str:
    return f"/customer/{customer.pk}/modify/"


def delete_url(customer) -> str:
    return f"/customer/{customer.pk}/delete/"


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


@pytest.mark.parametrize("raw", ["3", "999", "9" * 30, "9" * 5000])
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


# --- create -------------------------------------------------------------------------------


def test_create_form_has_a_date_input_and_explains_phone_formats(client):
    html = client.get(CREATE).content.decode()
    assert 'type="date" name="date_of_birth"' in html
    assert "International format such as +14155550123, or a national number for region US." in html
    for name in ("first_name", "last_name", "phone_number", "date_of_birth"):
        assert f'for="id_{name}"' in html


def test_create_saves_a_customer_in_e164_and_flashes_success(client, alice):
    response = submit(client, CREATE, {**VALID, "phone_number": "(415) 555-0123"})
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    customer = Customer.objects.get()
    assert (customer.owner_id, customer.phone_number, customer.first_name) == (
        alice.pk,
        "+14155550123",
        "José",
    )
    assert "Customer José Núñez added." in client.get(DASHBOARD).content.decode()


def test_create_refuses_a_twelve_year_old_on_the_date_field_and_keeps_the_input(client):
    born = birthday_years_ago(13, plus_days=1).isoformat()  # turns 13 tomorrow
    response = submit(client, CREATE, {**VALID, "date_of_birth": born})
    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == ["The customer must be at least 13 years old."]
    html = response.content.decode()
    assert f'value="{born}"' in html and 'value="José"' in html
    assert 'aria-describedby="id_date_of_birth_helptext id_date_of_birth_error"' in html
    assert not Customer.objects.exists()


def test_create_accepts_someone_who_turned_thirteen_today(client):
    response = submit(client, CREATE, {**VALID, "date_of_birth": birthday_years_ago(13).isoformat()})
    assert response.status_code == 302 and Customer.objects.count() == 1


def test_create_refuses_a_duplicate_phone_on_the_phone_field(client, alice):
    CustomerFactory(owner=alice, phone_number="+14155550123")
    response = submit(client, CREATE, {**VALID, "phone_number": "415-555-0123"})
    assert response.context["form"].errors["phone_number"] == [
        "You already have a customer with this phone number."
    ]
    assert Customer.objects.count() == 1


def test_another_owners_phone_number_is_free_to_use(client, bob):
    CustomerFactory(owner=bob, phone_number="+14155550123")
    assert submit(client, CREATE, VALID).status_code == 302


def test_create_shows_every_broken_rule_at_once(client):
    data = {"first_name": "R2D2", "last_name": "", "phone_number": "12", "date_of_birth": "2999-01-01"}
    errors = submit(client, CREATE, data).context["form"].errors
    assert set(errors) == {"first_name", "phone_number", "date_of_birth"}
    assert errors["date_of_birth"] == ["Date of birth cannot be in the future."]


@pytest.mark.parametrize("bad_date", ["17/05/1990", "yesterday", "1990-02-30"])
def test_create_refuses_a_date_that_is_not_a_date(client, bad_date):
    response = submit(client, CREATE, {**VALID, "date_of_birth": bad_date})
    assert "date_of_birth" in response.context["form"].errors
    assert not Customer.objects.exists()


def test_create_without_csrf_token_is_refused(client):
    assert client.post(CREATE, VALID).status_code == 403
    assert not Customer.objects.exists()


# --- modify -------------------------------------------------------------------------------


def test_modify_form_is_prefilled(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Li", last_name="Lei", phone_number="+14155550123")
    html = client.get(modify_url(customer)).content.decode()
    assert 'value="Li"' in html and 'value="+1 415-555-0123"' in html
    assert f'value="{customer.date_of_birth.isoformat()}"' in html


def test_modify_saves_changes_and_flashes_success(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Li", phone_number="+14155550123")
    data = {**VALID, "first_name": "Lei", "phone_number": "+1 415-555-0123"}
    response = submit(client, modify_url(customer), data)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.phone_number) == ("Lei", "+14155550123")
    assert "Customer Lei Núñez updated." in client.get(DASHBOARD).content.decode()


def test_modify_refuses_a_phone_another_of_the_owners_customers_has(client, alice):
    CustomerFactory(owner=alice, phone_number="+14155550199")
    customer = CustomerFactory(owner=alice, phone_number="+14155550123")
    response = submit(client, modify_url(customer), {**VALID, "phone_number": "+14155550199"})
    assert response.context["form"].errors["phone_number"] == [
        "You already have a customer with this phone number."
    ]
    assert 'value="+14155550199"' in response.content.decode()
    customer.refresh_from_db()
    assert customer.phone_number == "+14155550123"


def test_modify_refuses_a_twelve_year_old(client, alice):
    customer = CustomerFactory(owner=alice)
    response = submit(
        client, modify_url(customer), {**VALID, "date_of_birth": birthday_years_ago(12).isoformat()}
    )
    assert response.context["form"].errors["date_of_birth"] == ["The customer must be at least 13 years old."]


def test_modify_another_owners_deleted_or_unknown_customer_is_a_404(client, alice, bob):
    theirs = CustomerFactory(owner=bob, first_name="Theirs")
    gone = CustomerFactory(owner=alice, first_name="Gone", deleted_at=timezone.now())
    for customer in (theirs, gone):
        page = client.get(modify_url(customer))
        assert page.status_code == 404 and "Page not found" in page.content.decode()
        # POST with a valid token from a page the user may see
        response = submit(client, modify_url(customer), VALID, form_page=CREATE)
        assert response.status_code == 404
        customer.refresh_from_db()
        assert customer.first_name in ("Theirs", "Gone")
    assert client.get("/customer/999999/modify/").status_code == 404


# --- delete -------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_first(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Ada", last_name="Byron")
    response = client.get(delete_url(customer))
    html = response.content.decode()
    assert response.status_code == 200 and "Delete Ada Byron?" in html and 'method="post"' in html
    customer.refresh_from_db()
    assert customer.deleted_at is None


def test_delete_soft_deletes_and_frees_the_phone_number(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Ada", last_name="Byron", phone_number="+14155550123")
    response = submit(client, delete_url(customer))
    assert response.status_code == 302 and response["Location"] == DASHBOARD
    customer.refresh_from_db()
    assert customer.deleted_at is not None and customer.deleted_by_id == alice.pk
    html = client.get(DASHBOARD).content.decode()
    assert "Customer Ada Byron deleted." in html and "No customers yet" in html
    assert submit(client, CREATE, VALID).status_code == 302  # the number is free again


def test_delete_another_owners_or_a_deleted_customer_is_a_404(client, alice, bob):
    theirs = CustomerFactory(owner=bob)
    gone = CustomerFactory(owner=alice, deleted_at=timezone.now())
    for customer in (theirs, gone):
        assert client.get(delete_url(customer)).status_code == 404
        assert submit(client, delete_url(customer), form_page=CREATE).status_code == 404
    theirs.refresh_from_db()
    assert theirs.deleted_at is None


def test_delete_without_csrf_token_is_refused(client, alice):
    customer = CustomerFactory(owner=alice)
    assert client.post(delete_url(customer)).status_code == 403
    customer.refresh_from_db()
    assert customer.deleted_at is None


# --- error pages --------------------------------------------------------------------------


def test_unknown_page_is_a_styled_404_with_the_navbar(client):
    response = client.get("/customer/nowhere/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and "Customer Manager" in html and "bootstrap.min.css" in html


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        ("bad_request", 400, "Bad request"),
        ("permission_denied", 403, "Access denied"),
        ("page_not_found", 404, "Page not found"),
        ("server_error", 500, "Something went wrong"),
    ],
)
def test_error_pages_share_the_sites_look(rf, alice, handler, status, heading):
    from CustomerManagementApp import exceptions

    request = rf.get("/customer/dashboard/")
    request.user = alice
    response = (
        getattr(exceptions, handler)(request)
        if status == 500
        else getattr(exceptions, handler)(request, None)
    )
    html = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3">{heading}</h1>' in html and "bootstrap.min.css" in html
    assert "Customer Manager" in html
    # The 500 page asks nothing of the database (it may be why we are here): no user menu.
    assert ("Log out" in html) == (status != 500)


def test_dashboard_dates_read_exactly_as_djangos_date_filter():
    from datetime import date

    from django.template.defaultfilters import date as date_filter

    from customers.interface.views import short_date

    for day in [date(1990, month, day) for month in range(1, 13) for day in (1, 9, 28)] + [date(2000, 2, 29)]:
        assert short_date(day) == date_filter(day, "j M Y")
