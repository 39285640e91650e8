"""Erased means erased: erase now, purge, personal-data export, and
every copy of a person (history, Idempotency-Key answers, import uploads, login records)."""

import io
import os
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from common.models import IdempotencyKey
from customers.models import Customer, CustomerErasure
from customers.repositories import pending_imports
from customers.tests.factories import CustomerFactory
from customers.tests.interface.test_customer_api import LIST, payload

OLD_PHONE, NEW_PHONE = "+14155550161", "+14155550162"


def history_rows(customer_id):
    return Customer.history.filter(id=customer_id).count()


def created_and_trashed(client, **overrides):
    """A customer created, edited (so its history holds an old phone) and deleted, via the API."""
    created = client.post(LIST, payload(phone_number=OLD_PHONE, **overrides), format="json")
    assert created.status_code == 201, created.content
    customer_id = created.json()["data"]["id"]
    assert (
        client.patch(f"{LIST}{customer_id}/", {"phone_number": NEW_PHONE}, format="json").status_code == 200
    )
    assert client.delete(f"{LIST}{customer_id}/").status_code == 200
    return customer_id


def everything_stored_mentions(phone):
    """Whether any table the app writes still holds the phone number anywhere."""
    in_rows = Customer.objects.filter(phone_number=phone).exists()
    in_history = Customer.history.filter(phone_number=phone).exists()
    in_replays = any(
        phone in str(body) for body in IdempotencyKey.objects.values_list("response_body", flat=True)
    )
    return in_rows or in_history or in_replays


# --- purge (the retention sweep) ------------------------------------------------------------


def test_a_purged_customer_leaves_no_history_and_its_history_is_a_404(as_alice):
    customer_id = created_and_trashed(as_alice)
    assert as_alice.get(f"{LIST}{customer_id}/history/").status_code == 200
    call_command("purge_deleted_customers", "--older-than-days", "0", stdout=io.StringIO())
    assert history_rows(customer_id) == 0
    assert not everything_stored_mentions(OLD_PHONE) and not everything_stored_mentions(NEW_PHONE)
    response = as_alice.get(f"{LIST}{customer_id}/history/")
    assert response.status_code == 404
    assert response.json() == as_alice.get(f"{LIST}999999/history/").json()
    audit = CustomerErasure.objects.get(customer_id=customer_id)
    assert audit.reason == "retention" and audit.erased_by_id is None


def test_an_idempotency_replay_does_not_bring_back_a_purged_customer(as_alice):
    body = payload(phone_number=OLD_PHONE)
    first = as_alice.post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="order-7")
    customer_id = first.json()["data"]["id"]
    as_alice.delete(f"{LIST}{customer_id}/")
    call_command("purge_deleted_customers", "--older-than-days", "0", stdout=io.StringIO())
    again = as_alice.post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="order-7")
    assert "Idempotent-Replayed" not in again  # ran afresh instead of replaying the erased one
    assert again.status_code == 201
    assert again.json()["data"]["id"] != customer_id


def test_a_possible_duplicate_warning_naming_the_erased_customer_is_forgotten(as_alice, alice):
    erased = CustomerFactory(owner=alice, first_name="Zenobia", last_name="Quist", phone_number=OLD_PHONE)
    twin = as_alice.post(
        LIST,
        payload(first_name="Zenobia", last_name="Quist", date_of_birth=erased.date_of_birth.isoformat()),
        format="json",
        HTTP_IDEMPOTENCY_KEY="twin",
    )
    assert "Zenobia Quist" in str(twin.json()["data"]["warnings"])
    unrelated = as_alice.post(
        LIST, payload(phone_number="+14155550170"), format="json", HTTP_IDEMPOTENCY_KEY="u"
    )
    assert unrelated.status_code == 201
    as_alice.delete(f"{LIST}{erased.pk}/")
    assert as_alice.post(f"{LIST}{erased.pk}/erase/").status_code == 200
    assert not any(
        "Zenobia Quist" in str(body)
        for body in IdempotencyKey.objects.values_list("response_body", flat=True)
    )
    kept = as_alice.post(LIST, payload(phone_number="+14155550170"), format="json", HTTP_IDEMPOTENCY_KEY="u")
    assert kept["Idempotent-Replayed"] == "true"  # other customers' answers still replay


# --- erase now ------------------------------------------------------------------------------


def test_erase_now_removes_every_copy_and_the_id_is_then_unknown(as_alice, alice):
    customer_id = created_and_trashed(as_alice)
    response = as_alice.post(f"{LIST}{customer_id}/erase/")
    assert response.status_code == 200
    assert response.json()["status"] == "Success" and response.json()["data"] is None
    assert not Customer.objects.filter(pk=customer_id).exists()
    assert history_rows(customer_id) == 0
    assert not everything_stored_mentions(OLD_PHONE) and not everything_stored_mentions(NEW_PHONE)
    for path in ("history/", "personal-data/", ""):
        assert as_alice.get(f"{LIST}{customer_id}/{path}").status_code == 404
    assert as_alice.post(f"{LIST}{customer_id}/erase/").status_code == 404
    assert as_alice.post(f"{LIST}{customer_id}/restore/").status_code == 404
    assert as_alice.get("/api/v1/customers/trash/").json()["data"]["count"] == 0
    audit = CustomerErasure.objects.values().get()
    assert audit["customer_id"] == customer_id and audit["erased_by_id"] == alice.pk
    assert audit["reason"] == "owner" and set(audit) == {
        "id",
        "customer_id",
        "erased_by_id",
        "erased_at",
        "reason",
    }


def test_erasing_an_active_customer_is_409_not_in_trash_and_changes_nothing(as_alice, alice):
    customer = CustomerFactory(owner=alice)
    response = as_alice.post(f"{LIST}{customer.pk}/erase/")
    assert response.status_code == 409
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(None, "not_in_trash")]
    assert as_alice.get(f"{LIST}{customer.pk}/").status_code == 200
    assert not CustomerErasure.objects.exists()


def test_someone_elses_trashed_customer_is_a_404_and_stays(as_bob, alice):
    customer = CustomerFactory(owner=alice, deleted_at=timezone.now())
    theirs = as_bob.post(f"{LIST}{customer.pk}/erase/")
    assert theirs.status_code == 404
    assert theirs.json() == as_bob.post(f"{LIST}{customer.pk + 1000}/erase/").json()
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_erase_costs_a_fixed_number_of_queries(as_alice, alice, django_assert_num_queries):
    customer_id = created_and_trashed(as_alice)
    # user; the candidate read; savepoint; the lock by primary key; the re-check under it; the
    # delete's own read, the delete and simple-history's post_delete row; the history delete;
    # the owner's kept answers; the audit insert; release
    with django_assert_num_queries(12):
        assert as_alice.post(f"{LIST}{customer_id}/erase/").status_code == 200


# --- personal-data export -------------------------------------------------------------------


def test_personal_data_has_the_record_its_history_and_kept_answers(as_alice, alice):
    created = as_alice.post(LIST, payload(phone_number=OLD_PHONE), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    customer_id = created.json()["data"]["id"]
    as_alice.patch(f"{LIST}{customer_id}/", {"phone_number": NEW_PHONE}, format="json")
    response = as_alice.get(f"{LIST}{customer_id}/personal-data/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = response.json()["data"]
    assert data["customer"]["id"] == customer_id and data["customer"]["phone_number"] == NEW_PHONE
    assert data["customer"]["deleted_at"] is None
    assert [entry["action"] for entry in data["history"]] == ["updated", "created"]
    assert {"field": "phone_number", "old": OLD_PHONE, "new": NEW_PHONE} in data["history"][0]["changes"]
    [copy] = data["stored_copies"]
    assert copy["kind"] == "idempotency_replay"
    assert copy["content"]["data"]["phone_number"] == OLD_PHONE
    assert copy["expires_at"] > copy["stored_at"]

    as_alice.delete(f"{LIST}{customer_id}/")
    trashed = as_alice.get(f"{LIST}{customer_id}/personal-data/").json()["data"]
    assert trashed["customer"]["deleted_at"] is not None
    assert [entry["action"] for entry in trashed["history"]] == ["deleted", "updated", "created"]


# --- other copies: import uploads and login records ------------------------------------------


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.CUSTOMER_IMPORT_UPLOAD_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


CSV = "first_name,last_name,phone_number,date_of_birth\nJosé,Núñez,+14155550180,1990-01-02\n"


def preview_upload(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from users.tests.pages import submit

    upload = SimpleUploadedFile("c.csv", CSV.encode(), content_type="text/csv")
    response = submit(client, "/customer/import/", {"file": upload})
    assert response.status_code == 200
    return response


def test_an_abandoned_import_upload_is_deleted_at_logout(upload_dir, alice):
    from users.tests.pages import logged_in_client, submit

    client = logged_in_client(alice)
    preview_upload(client)
    assert len(list(upload_dir.glob("*.csv"))) == 1
    submit(client, "/user/logout/", form_page="/customer/dashboard/")
    assert list(upload_dir.glob("*.csv")) == []


def test_erasing_a_customer_discards_the_owners_pending_uploads(
    upload_dir, alice, as_alice, django_capture_on_commit_callbacks
):
    from users.tests.pages import logged_in_client

    preview_upload(logged_in_client(alice))
    trashed = CustomerFactory(owner=alice, deleted_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # files go once the erase has committed
        assert as_alice.post(f"{LIST}{trashed.pk}/erase/").status_code == 200
    assert list(upload_dir.glob("*.csv")) == []


def test_the_retention_sweep_erases_each_kind_of_expired_copy(upload_dir, alice, settings):
    settings.CUSTOMER_PURGE_AFTER_DAYS = 30
    settings.CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES = 60
    settings.LOGIN_RECORD_RETENTION_DAYS = 30
    now = timezone.now()
    old_trash = CustomerFactory(owner=alice, deleted_at=now - timedelta(days=31))
    recent_trash = CustomerFactory(owner=alice, deleted_at=now - timedelta(days=1))
    # history left behind by a hard delete from before erasure existed
    orphan = CustomerFactory(owner=alice, phone_number="+14155550190")
    with connection.cursor() as cursor:  # plain SQL: no signal, as an old purge or admin delete left it
        cursor.execute("DELETE FROM customers WHERE id = %s", [orphan.pk])
    assert history_rows(orphan.pk) == 1
    old_upload = pending_imports.save(alice.pk, "old", b"x")
    os.utime(old_upload, (time.time() - 2 * 3600,) * 2)
    fresh_upload = pending_imports.save(alice.pk, "fresh", b"x")
    for days, name in ((31, "old@example.com"), (1, "recent@example.com")):
        log = AccessLog.objects.create(username=name, ip_address="127.0.0.1", user_agent="ua")
        attempt = AccessAttempt.objects.create(
            username=name, ip_address="127.0.0.1", user_agent="ua", failures_since_start=1
        )
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=now - timedelta(days=days))
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=now - timedelta(days=days))

    out = io.StringIO()
    call_command("purge_expired_data", stdout=out)

    assert set(Customer.objects.values_list("pk", flat=True)) == {recent_trash.pk}
    assert history_rows(old_trash.pk) == 0 and history_rows(orphan.pk) == 0
    assert not old_upload.exists() and fresh_upload.exists()
    assert set(AccessLog.objects.values_list("username", flat=True)) == {"recent@example.com"}
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"recent@example.com"}
    assert "Erased 1 customers" in out.getvalue() and "1 abandoned import uploads" in out.getvalue()


def test_the_replay_window_is_configurable_and_the_sweep_honours_it(as_alice, settings):
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 1
    body = payload(phone_number=OLD_PHONE)
    assert as_alice.post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="short").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(minutes=90))
    call_command("purge_expired_data", stdout=io.StringIO())
    assert not IdempotencyKey.objects.exists()
    settings.IDEMPOTENCY_KEY_TTL_HOURS = 24
    body = payload(phone_number=NEW_PHONE)
    assert as_alice.post(LIST, body, format="json", HTTP_IDEMPOTENCY_KEY="long").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(minutes=90))
    call_command("purge_expired_data", stdout=io.StringIO())
    assert IdempotencyKey.objects.count() == 1


def test_the_sweep_erases_a_trash_larger_than_one_batch(alice, settings):
    from customers.repositories import erasure

    old = timezone.now() - timedelta(days=31)
    count = erasure.BATCH_SIZE * 2 + 7
    Customer.objects.bulk_create(
        CustomerFactory.build(owner=alice, created_by=alice, updated_by=alice, deleted_at=old)
        for _ in range(count)
    )
    Customer.history.bulk_history_create(list(Customer.objects.all()), default_change_reason="created")
    assert Customer.history.count() == count
    call_command("purge_expired_data", stdout=io.StringIO())
    assert not Customer.objects.exists()
    assert not Customer.history.exists()
    assert CustomerErasure.objects.count() == count


def test_the_privacy_endpoints_are_in_the_schema_with_their_errors(api_client, db):
    spec = api_client.get("/swagger.json").json()
    erase = spec["paths"]["/customers/{customer_id}/erase/"]["post"]
    assert {"200", "401", "404", "409", "429", "500"} <= set(erase["responses"])
    exported = spec["paths"]["/customers/{customer_id}/personal-data/"]["get"]
    assert {"200", "401", "404"} <= set(exported["responses"])
    data = spec["definitions"]["PersonalData"]["properties"]
    assert set(data) == {"customer", "history", "stored_copies", "exported_at"}
    delete = spec["paths"]["/user/delete/"]["post"]
    assert {"200", "400", "401", "429"} <= set(delete["responses"])
    [body] = [p for p in delete["parameters"] if p["in"] == "body"]
    assert spec["definitions"]["DeleteAccountInput"]["required"] == ["password"]
    assert body["schema"]["$ref"].endswith("DeleteAccountInput")
