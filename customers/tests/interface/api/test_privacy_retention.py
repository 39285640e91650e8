"""Every copy of a customer's data goes: the retention sweep, pending import uploads, kept answers."""

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
from customers.tests.interface.api.helpers import (
    LIST,
    NEW_PHONE,
    OLD_PHONE,
    created_and_trashed,
    everything_stored_mentions,
    history_rows,
    payload,
)

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
