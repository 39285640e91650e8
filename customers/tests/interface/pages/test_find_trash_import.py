"""Dashboard search/sort/filters, trash and restore, export and import pages."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from users.tests.pages import logged_in_client, submit

DASHBOARD, TRASH, EXPORT, IMPORT, CONFIRM = (
    "/customer/dashboard/",
    "/customer/trash/",
    "/customer/export/",
    "/customer/import/",
    "/customer/import/confirm/",
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(alice):
    return logged_in_client(alice)


def rows(response):
    return [row["customer"].full_name for row in response.context["rows"]]


def test_dashboard_search_filters_sorting_and_count(client, alice):
    CustomerFactory(owner=alice, first_name="José", last_name="Zamora")
    CustomerFactory(owner=alice, first_name="Josefina", last_name="Alba")
    CustomerFactory(owner=alice, first_name="Ann", last_name="Lee")
    response = client.get(DASHBOARD, {"search": "jose", "ordering": "last_name"})
    assert rows(response) == ["Josefina Alba", "José Zamora"]
    text = response.content.decode()
    assert "2 customers found" in text
    assert 'value="jose"' in text
    # the Name header toggles to descending and keeps the search
    assert "search=jose&amp;ordering=-last_name" in text
    assert "/customer/export/?search=jose&amp;ordering=last_name" in text


def test_dashboard_page_links_keep_the_query(client, alice):
    for n in range(12):
        CustomerFactory(owner=alice, first_name="Match", last_name=f"N{n:02d}")
    CustomerFactory(owner=alice, first_name="Other")
    response = client.get(DASHBOARD, {"search": "match"})
    text = response.content.decode()
    assert "12 customers found" in text
    assert "?search=match&amp;page=2" in text
    assert len(rows(client.get(DASHBOARD, {"search": "match", "page": 2}))) == 2
    assert client.get(DASHBOARD, {"search": "match", "page": 9}).url.endswith("?search=match&page=2")


def test_dashboard_malformed_filters_are_form_errors(client, alice):
    CustomerFactory(owner=alice)
    response = client.get(DASHBOARD, {"age_min": "abc", "ordering": "password"})
    assert response.status_code == 200
    errors = response.context["find"].errors
    assert "age_min" in errors and "ordering" in errors
    response = client.get(DASHBOARD, {"age_min": "50", "age_max": "20"})
    assert "age_min" in response.context["find"].errors


def test_filtered_dashboard_with_no_match_says_so(client, alice):
    CustomerFactory(owner=alice)
    assert 'data-testid="no-results"' in client.get(DASHBOARD, {"search": "zzz"}).content.decode()


def test_trash_page_and_restore_button(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Gone")
    submit(client, f"/customer/{customer.pk}/delete/")
    response = client.get(TRASH)
    assert rows(response) == [customer.first_name + " " + customer.last_name]
    response = submit(client, f"/customer/{customer.pk}/restore/", form_page=TRASH)
    assert response.status_code == 302
    assert Customer.objects.get(pk=customer.pk).deleted_at is None
    assert "restored" in client.get(DASHBOARD).content.decode()


def test_restore_page_refuses_a_reused_phone_with_a_message(client, alice):
    customer = CustomerFactory(owner=alice, phone_number="+14155550190")
    submit(client, f"/customer/{customer.pk}/delete/")
    CustomerFactory(owner=alice, phone_number="+14155550190")
    response = submit(client, f"/customer/{customer.pk}/restore/", form_page=TRASH)
    assert response.status_code == 302
    assert "same phone number" in client.get(TRASH).content.decode()
    assert Customer.objects.get(pk=customer.pk).deleted_at is not None


def test_export_button_downloads_the_filtered_csv(client, alice):
    CustomerFactory(owner=alice, first_name="José")
    CustomerFactory(owner=alice, first_name="Ann")
    response = client.get(EXPORT, {"search": "jose"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["first_name"] for row in csv.DictReader(io.StringIO(text))] == ["José", None]
    assert text.splitlines()[-1] == "# complete: 1 customers"
    assert client.get(EXPORT, {"ordering": "nope"}).status_code == 302


CSV = (
    "first_name,last_name,phone_number,date_of_birth\n"
    "José,García,+14155550170,1990-01-02\n"
    "Bad,,12,1990-01-02\n"
)


def preview(client, text, **extra):
    upload = SimpleUploadedFile("c.csv", text.encode(), content_type="text/csv")
    return submit(client, IMPORT, {"file": upload, **extra})


def test_import_preview_then_confirm_with_skip_invalid(client, alice):
    response = preview(client, CSV)
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    assert "1 customer will be created; 1 problem found" in text
    assert "Enter a valid phone number" in text
    assert not Customer.objects.exists()
    token = response.context["confirm"].initial["token"]
    response = submit(client, CONFIRM, {"token": token, "skip_invalid": "on"}, form_page=IMPORT)
    assert response.status_code == 302
    assert list(Customer.objects.filter(owner=alice).values_list("first_name", flat=True)) == ["José"]
    # the pending file is gone: confirming twice imports nothing more
    submit(client, CONFIRM, {"token": token, "skip_invalid": "on"}, form_page=IMPORT)
    assert Customer.objects.count() == 1


def test_import_confirm_without_skip_imports_nothing_when_rows_fail(client, alice):
    token = preview(client, CSV).context["confirm"].initial["token"]
    submit(client, CONFIRM, {"token": token}, form_page=IMPORT)
    assert not Customer.objects.exists()


def test_another_users_token_cannot_confirm(client, alice, bob):
    token = preview(client, CSV.replace("Bad,,12,1990-01-02\n", "")).context["confirm"].initial["token"]
    other = logged_in_client(bob)
    submit(other, CONFIRM, {"token": token}, form_page=IMPORT)
    assert not Customer.objects.exists()


def test_bad_file_is_a_form_error(client):
    response = preview(client, "name\nx\n")
    assert response.status_code == 200
    assert "Missing required columns" in response.content.decode()


def test_create_form_warns_about_a_possible_duplicate(client, alice):
    CustomerFactory(owner=alice, first_name="Zoë", last_name="Lee", date_of_birth="1990-05-17")
    body = {
        "first_name": "Zoe",
        "last_name": "LEE",
        "phone_number": "+14155550191",
        "date_of_birth": "1990-05-17",
    }
    response = submit(client, "/customer/create/", body)
    assert response.status_code == 302
    assert "same name and date of birth" in client.get(DASHBOARD).content.decode()


def test_filtered_dashboard_and_trash_cost_four_queries(client, alice, django_assert_num_queries):
    customers = CustomerFactory.create_batch(15, owner=alice, first_name="Match")
    Customer.objects.filter(pk__in=[c.pk for c in customers[:12]]).update(deleted_at="2026-01-01T00:00:00Z")
    CustomerFactory.create_batch(3, owner=alice, first_name="Other")
    with django_assert_num_queries(4):  # session, user, COUNT, page
        response = client.get(DASHBOARD, {"search": "match", "ordering": "-date_of_birth", "age_min": "18"})
    assert len(rows(response)) == 3
    with django_assert_num_queries(4):  # session, user, COUNT, page
        response = client.get(TRASH, {"page": "2"})
    assert len(rows(response)) == 2


def test_a_plain_visit_and_empty_find_fields_show_the_same_book_and_an_empty_form(client, alice):
    CustomerFactory(owner=alice, first_name="Ann", last_name="Lee")
    CustomerFactory(owner=alice, first_name="Bob", last_name="Ray")
    plain = client.get(DASHBOARD)
    empty = client.get(DASHBOARD, {"search": "", "age_min": "", "created_to": "", "ordering": ""})
    assert rows(plain) == rows(empty) == ["Bob Ray", "Ann Lee"]
    for response in (plain, empty):
        text = response.content.decode()
        assert "2 customers" in text and "found" not in text
        assert 'name="search" id="id_search" value=""' in text
        assert "is-invalid" not in text
