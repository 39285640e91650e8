"""Idempotency-Key on customer creation, import and restore: retries replay, never act twice."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from common.models import IdempotencyKey
from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.api.helpers import LIST, errors_by_field, payload
from customers.tests.interface.api.test_csv_transfer import GOOD, IMPORT, upload

ADD = "/api/v1/customers/add/"


def post(client, body, key, path=LIST):
    return client.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.parametrize("path", [LIST, ADD])
def test_a_retry_with_the_same_key_and_body_replays_the_first_answer(as_alice, alice, path):
    first = post(as_alice, payload(), "order-42", path)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first
    again = post(as_alice, payload(), "order-42", path)
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Customer.objects.filter(owner=alice).count() == 1


def test_the_body_is_compared_as_json_not_as_bytes(as_alice, alice):
    body = payload()
    assert post(as_alice, body, "k").status_code == 201
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
    response = as_alice.generic(
        "POST", LIST, reordered, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 201
    assert response["Idempotent-Replayed"] == "true"
    assert Customer.objects.filter(owner=alice).count() == 1


def test_the_same_key_with_another_body_is_409_and_creates_nothing(as_alice, alice):
    assert post(as_alice, payload(), "k").status_code == 201
    response = post(as_alice, payload(first_name="Grace", phone_number="+14155550199"), "k")
    assert response.status_code == 409
    assert ("Idempotency-Key", "idempotency_key_reused") in errors_by_field(response)
    assert Customer.objects.filter(owner=alice).count() == 1


def test_failures_are_replayed_too(as_alice, alice):
    assert as_alice.post(LIST, payload(), format="json").status_code == 201
    first = post(as_alice, payload(), "dup")
    assert first.status_code == 409  # the number is taken
    again = post(as_alice, payload(), "dup")
    assert (again.status_code, again["Idempotent-Replayed"]) == (409, "true")
    assert again.json() == first.json()


def test_keys_are_scoped_per_user(as_alice, as_bob, alice, bob):
    assert post(as_alice, payload(), "shared").status_code == 201
    response = post(as_bob, payload(), "shared")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Customer.objects.filter(owner=bob).count() == 1


def test_keys_are_case_sensitive(as_alice, alice):
    assert post(as_alice, payload(), "abc").status_code == 201
    response = post(as_alice, payload(first_name="Grace", phone_number="+14155550199"), "ABC")
    assert response.status_code == 201
    assert Customer.objects.filter(owner=alice).count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there", "caf\u00e9"])
def test_a_malformed_key_is_a_400_naming_the_header(as_alice, alice, key):
    response = post(as_alice, payload(), key)
    assert response.status_code == 400
    assert ("Idempotency-Key", "invalid") in errors_by_field(response)
    assert not Customer.objects.filter(owner=alice).exists()


def test_a_key_of_255_printable_characters_is_fine(as_alice):
    assert post(as_alice, payload(), "a-Z 0~" * 42 + "abc").status_code == 201


def test_without_a_key_every_post_creates(as_alice, alice):
    assert as_alice.post(LIST, payload(), format="json").status_code == 201
    assert as_alice.post(LIST, payload(), format="json").status_code == 409


def test_an_expired_key_is_replaced_when_used_again(as_alice, alice):
    assert post(as_alice, payload(), "old").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = post(as_alice, payload(first_name="Grace", phone_number="+14155550199"), "old")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert IdempotencyKey.objects.count() == 1


def test_purge_command_deletes_only_expired_keys(as_alice, alice):
    post(as_alice, payload(), "old")
    post(as_alice, payload(phone_number="+14155550199"), "new")
    IdempotencyKey.objects.filter(created_at__lt=timezone.now()).exclude(
        pk=IdempotencyKey.objects.latest("pk").pk
    ).update(created_at=timezone.now() - timedelta(hours=24, seconds=1))
    out = StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert "Deleted 1 expired" in out.getvalue()
    assert IdempotencyKey.objects.count() == 1


def test_a_keyed_create_costs_two_more_statements(as_alice, django_assert_num_queries):
    # the plain create's six, plus the key's insert and its stored answer, and three savepoint
    # statements (in production the outer one is the request's own transaction)
    with django_assert_num_queries(12):
        assert post(as_alice, payload(), "q").status_code == 201
    # a replay: user, the refused key insert (with its savepoints), the lookup; nothing else
    with django_assert_num_queries(8):
        assert post(as_alice, payload(), "q").status_code == 201


def test_a_server_error_is_not_kept_so_a_retry_runs_again(as_alice, alice, monkeypatch):
    from customers.interface.api import customers as apis

    real_service = apis.customer_service
    monkeypatch.setattr(apis, "customer_service", lambda: (_ for _ in ()).throw(RuntimeError("db hiccup")))
    assert post(as_alice, payload(), "retry-me").status_code == 500
    assert not IdempotencyKey.objects.exists()
    monkeypatch.setattr(apis, "customer_service", real_service)
    response = post(as_alice, payload(), "retry-me")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response


# --- import and restore take the same Idempotency-Key semantics ---------------------------


def keyed_import(client, text, key, **options):
    return client.post(
        IMPORT, {"file": upload(text), **options}, format="multipart", HTTP_IDEMPOTENCY_KEY=key
    )


def test_a_retried_import_with_the_same_file_replays_and_imports_nothing_twice(as_alice, alice):
    first = keyed_import(as_alice, GOOD, "import-1")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    again = keyed_import(as_alice, GOOD, "import-1")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Customer.objects.filter(owner=alice).count() == 2
    # without the key the same file is refused: its numbers are taken now
    assert as_alice.post(IMPORT, {"file": upload(GOOD)}, format="multipart").status_code == 400


def test_the_same_import_key_with_another_file_or_flag_is_409(as_alice, alice):
    assert keyed_import(as_alice, GOOD, "import-2", dry_run="true").status_code == 200
    other = GOOD.replace("(415) 555-0170", "(415) 555-0171")
    response = keyed_import(as_alice, other, "import-2", dry_run="true")
    assert response.status_code == 409
    assert [e["code"] for e in response.json()["errors"]] == ["idempotency_key_reused"]
    assert keyed_import(as_alice, GOOD, "import-2").status_code == 409  # same file, dry_run off
    assert Customer.objects.filter(owner=alice).count() == 0


def test_a_retried_restore_replays_its_answer(as_alice, alice):
    gone = CustomerFactory(owner=alice, deleted_at=timezone.now())
    url = f"{LIST}{gone.pk}/restore/"
    first = as_alice.post(url, HTTP_IDEMPOTENCY_KEY="restore-1")
    assert first.status_code == 200
    again = as_alice.post(url, HTTP_IDEMPOTENCY_KEY="restore-1")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert as_alice.post(url).status_code == 404  # unkeyed: nothing left to restore
    # the key belongs to this restore: reused on another customer's, it is a 409
    other = CustomerFactory(owner=alice, deleted_at=timezone.now())
    response = as_alice.post(f"{LIST}{other.pk}/restore/", HTTP_IDEMPOTENCY_KEY="restore-1")
    assert response.status_code == 409
    assert Customer.objects.get(pk=other.pk).deleted_at is not None
