"""CSV export and import through the API."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import ActiveCustomerCount, Customer
from customers.tests.factories import CustomerFactory

LIST, TRASH, EXPORT, IMPORT = (
    "/api/v1/customers/",
    "/api/v1/customers/trash/",
    "/api/v1/customers/export/",
    "/api/v1/customers/import/",
)


def active_count(owner):
    row = ActiveCustomerCount.objects.filter(owner=owner).first()
    return row.active if row else 0


# --- export -----------------------------------------------------------------------------------


def read_csv(response):
    """The customer rows, after checking the trailer that says the export is complete."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    *rows, trailer = list(csv.DictReader(io.StringIO(text)))
    assert list(trailer.values()) == [f"# complete: {len(rows)} customers"] + [None] * 6
    return rows


def test_export_streams_my_customers_honouring_search_and_ordering(as_alice, alice, bob):
    CustomerFactory(owner=alice, first_name="José", last_name="Bravo")
    CustomerFactory(owner=alice, first_name="Jose", last_name="Alpha")
    CustomerFactory(owner=alice, first_name="Other", last_name="Zed")
    CustomerFactory(owner=bob, first_name="Jose", last_name="Secret")
    response = as_alice.get(EXPORT, {"search": "jose", "ordering": "last_name"})
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [row["last_name"] for row in rows] == ["Alpha", "Bravo"]
    assert set(rows[0]) == {
        "id",
        "first_name",
        "last_name",
        "phone_number",
        "date_of_birth",
        "created_at",
        "updated_at",
    }


def test_export_neutralises_formulas_but_keeps_e164_phones_readable(as_alice, alice):
    CustomerFactory(owner=alice, first_name="=HYPERLINK(1)", last_name="-1+2", phone_number="+14155550160")
    row = read_csv(as_alice.get(EXPORT))[0]
    assert row["first_name"] == "'=HYPERLINK(1)"
    assert row["last_name"] == "'-1+2"
    assert row["phone_number"] == "+14155550160"


def test_export_ends_with_the_number_of_customers_it_holds(as_alice, alice):
    """A download cut short (a dropped connection, a killed worker) has no such last line, so it
    cannot pass for complete."""
    assert b"".join(as_alice.get(EXPORT).streaming_content).decode("utf-8-sig").splitlines()[-1] == (
        "# complete: 0 customers"
    )
    for n in range(3):
        CustomerFactory(owner=alice, phone_number=f"+1415555019{n}")
    lines = b"".join(as_alice.get(EXPORT).streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 5
    assert lines[-1] == "# complete: 3 customers"


def test_export_refuses_bad_parameters(as_alice):
    response = as_alice.get(EXPORT, {"ordering": "secret"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "ordering"


# --- import -----------------------------------------------------------------------------------


def upload(text, name="customers.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


GOOD = (
    "first_name,last_name,phone_number,date_of_birth\n"
    "José,García,(415) 555-0170,1990-01-02\n"
    "Zoë,,+442079460958,1985-06-30\n"
)


def post_import(client, text, **options):
    return client.post(
        IMPORT, {"file": upload(text) if isinstance(text, str) else text, **options}, format="multipart"
    )


def test_import_creates_every_row_through_the_domain_rules(as_alice, alice):
    response = post_import(as_alice, "\ufeff" + GOOD)
    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert data["created"] == 2 and data["imported"] and data["problems"] == []
    assert set(Customer.objects.filter(owner=alice).values_list("phone_number", flat=True)) == {
        "+14155550170",
        "+442079460958",
    }
    assert active_count(alice) == 2
    assert [row["full_name"] for row in as_alice.get(LIST, {"search": "jose"}).json()["data"]["results"]] == [
        "José García"
    ]


BAD = GOOD + "Bad,,not a phone,1990-01-01\nTooYoung,,+14155550171,2024-01-01\nDup,,415-555-0170,1990-01-01\n"


def test_dry_run_previews_and_changes_nothing(as_alice, alice):
    response = post_import(as_alice, BAD, dry_run="true")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["created"] == 2 and not data["imported"]
    problems = {(p["row"], p["field"], p["code"]) for p in data["problems"]}
    assert problems == {
        (4, "phone_number", "invalid_phone"),
        (5, "date_of_birth", "too_young"),
        (6, "phone_number", "duplicate_in_file"),
    }
    assert not Customer.objects.filter(owner=alice).exists()


def test_a_file_with_bad_rows_imports_nothing_unless_skip_invalid(as_alice, alice):
    response = post_import(as_alice, BAD)
    assert response.status_code == 400
    assert any("Row 4" in error["message"] for error in response.json()["errors"])
    assert not Customer.objects.filter(owner=alice).exists()
    response = post_import(as_alice, BAD, skip_invalid="true")
    assert response.status_code == 201
    assert response.json()["data"]["created"] == 2
    assert Customer.objects.filter(owner=alice).count() == 2


def test_import_catches_phones_of_existing_active_customers(as_alice, alice):
    CustomerFactory(owner=alice, phone_number="+14155550170")
    data = post_import(as_alice, GOOD, dry_run="true").json()["data"]
    assert [(p["row"], p["code"]) for p in data["problems"]] == [(2, "duplicate")]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (upload("first_name,last_name\nAnn,Lee\n"), "missing_columns"),
        (upload(GOOD, encoding="utf-16"), "encoding"),
        (SimpleUploadedFile("x.csv", b"\x89PNG\x00\x00binary", content_type="image/png"), "encoding"),
        (upload("first_name,phone_number,date_of_birth\n"), "empty"),
        (upload(""), "missing_columns"),
    ],
)
def test_bad_files_get_a_clear_error_and_change_nothing(as_alice, alice, content, code):
    response = post_import(as_alice, content)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("file", code)
    assert not Customer.objects.exists()


def test_too_many_rows_or_bytes_are_refused(as_alice, settings):
    settings.CUSTOMER_IMPORT_MAX_ROWS = 1
    assert post_import(as_alice, GOOD).json()["errors"][0]["code"] == "too_many_rows"
    settings.CUSTOMER_IMPORT_MAX_ROWS = 100
    settings.CUSTOMER_IMPORT_MAX_BYTES = 10
    assert post_import(as_alice, GOOD).json()["errors"][0]["code"] == "too_large"


def test_missing_file_or_bad_flag_is_a_400(as_alice):
    assert as_alice.post(IMPORT, {}, format="multipart").json()["errors"][0]["field"] == "file"
    response = post_import(as_alice, GOOD, dry_run="maybe")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "dry_run"


def test_an_export_imports_back(as_alice, as_bob, alice):
    CustomerFactory(owner=alice, first_name="Ann", last_name="Lee", phone_number="+14155550180")
    exported = b"".join(as_alice.get(EXPORT).streaming_content)
    response = post_import(as_bob, SimpleUploadedFile("e.csv", exported, content_type="text/csv"))
    assert response.status_code == 201
    assert response.json()["data"]["rows"][0]["phone_number"] == "+14155550180"
