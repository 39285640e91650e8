"""Adding, editing and deleting a customer through the pages, with CSRF enforced as in production."""

import pytest
from django.utils import timezone

from customers.models import Customer
from customers.tests.dates import birthday_years_ago
from customers.tests.factories import CustomerFactory
from customers.tests.interface.pages.helpers import CREATE, DASHBOARD, VALID, delete_url, modify_url
from users.tests.pages import submit

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("suffix", ["modify/", "history/", "delete/"])
def test_a_page_for_an_id_beyond_any_database_integer_is_a_404_page(alice, client, suffix):
    client.force_login(alice)
    assert client.get(f"/customer/{10**30}/{suffix}").status_code == 404
