"""Imports as background jobs over the API: 202 with a Location to poll, the same two modes as
the synchronous import, per-row errors, cancel, and another user's job looks missing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.models import Job
from customers.models import Customer
from customers.tests.dates import birthday_years_ago
from tests.support.worker import run_queued_tasks

# The worker loop that run_queued_tasks drives closes any connection whose transaction state is
# not the configured autocommit (close_old_connections), as a real worker does between tasks: so
# these tests run in real transactions, not inside one that wraps the test.
pytestmark = pytest.mark.django_db(transaction=True)


JOBS = "/api/v1/customers/import/jobs/"
BORN = birthday_years_ago(30).isoformat()
GOOD = f"first_name,last_name,phone_number,date_of_birth\nAda,Byron,+14155550101,{BORN}\nGrace,Hopper,+14155550102,{BORN}\nAlan,Turing,+14155550103,{BORN}\n"
ONE_BAD = GOOD + f"Bart,Row,not-a-phone,{BORN}\n"


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "jobs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def start(client, text, **fields):
    upload = SimpleUploadedFile("customers.csv", text.encode(), content_type="text/csv")
    return client.post(JOBS, {"file": upload, **fields}, format="multipart")


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_an_import_job_is_accepted_then_runs_in_the_worker_and_reports_its_result(
    as_alice, alice, job_files, django_assert_max_num_queries
):
    answer = start(as_alice, GOOD)
    assert answer.status_code == 202, answer.content
    data = answer.json()["data"]
    assert data["state"] == "queued"
    assert answer["Location"] == f"/api/v1/jobs/{data['id']}/"
    assert len(stored_files(job_files)) == 1  # the upload waits in job storage
    assert Customer.objects.filter(owner=alice).count() == 0

    assert run_queued_tasks() == 1
    with django_assert_max_num_queries(3):  # the session's user, the job
        job = as_alice.get(answer["Location"]).json()["data"]
    assert job["state"] == "succeeded"
    assert job["progress"] == {"done": 3, "total": 3}
    assert job["result"] == {"total_rows": 3, "created": 3, "skipped_rows": 0}
    assert job["errors"] == [] and job["finished_at"]
    assert Customer.objects.filter(owner=alice).count() == 3
    assert stored_files(job_files) == []  # deleted once the job ended


def test_a_bad_row_fails_the_job_and_imports_nothing_unless_skip_invalid(as_alice, alice):
    refused = start(as_alice, ONE_BAD).json()["data"]["id"]
    skipping = start(as_alice, ONE_BAD, skip_invalid="true").json()["data"]["id"]
    run_queued_tasks()

    failed = as_alice.get(f"/api/v1/jobs/{refused}/").json()["data"]
    assert failed["state"] == "failed"
    assert failed["message"] == "Some rows cannot be imported; nothing was imported."
    assert [(e["row"], e["field"], e["code"]) for e in failed["errors"]] == [
        (5, "phone_number", "invalid_phone")
    ]
    assert failed["result"] is None

    done = as_alice.get(f"/api/v1/jobs/{skipping}/").json()["data"]
    assert done["state"] == "succeeded"
    assert done["result"] == {"total_rows": 4, "created": 3, "skipped_rows": 1}
    assert done["error_count"] == 1 and done["errors"][0]["row"] == 5
    assert Customer.objects.filter(owner=alice).count() == 3  # from the second job only


def test_a_file_that_is_not_a_customer_list_fails_the_job_naming_the_file(as_alice):
    job_id = start(as_alice, "name,email\nAda,ada@example.com\n").json()["data"]["id"]
    run_queued_tasks()
    job = as_alice.get(f"/api/v1/jobs/{job_id}/").json()["data"]
    assert job["state"] == "failed"
    assert [(e["row"], e["field"], e["code"]) for e in job["errors"]] == [(None, "file", "missing_columns")]


def test_a_queued_job_is_cancelled_at_once_and_then_cannot_be_cancelled_again(as_alice, alice, job_files):
    job_id = start(as_alice, GOOD).json()["data"]["id"]
    cancelled = as_alice.post(f"/api/v1/jobs/{job_id}/cancel/")
    assert cancelled.status_code == 200, cancelled.content
    assert cancelled.json()["data"]["state"] == "cancelled"
    assert stored_files(job_files) == []
    run_queued_tasks()
    assert as_alice.get(f"/api/v1/jobs/{job_id}/").json()["data"]["state"] == "cancelled"
    assert Customer.objects.filter(owner=alice).count() == 0

    again = as_alice.post(f"/api/v1/jobs/{job_id}/cancel/")
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "job_finished"


def test_another_users_job_is_not_found(as_alice, as_bob):
    job_id = start(as_alice, GOOD).json()["data"]["id"]
    for answer in (as_bob.get(f"/api/v1/jobs/{job_id}/"), as_bob.post(f"/api/v1/jobs/{job_id}/cancel/")):
        assert answer.status_code == 404
        assert answer.json()["errors"][0]["code"] == "not_found"
    assert as_alice.get(f"/api/v1/jobs/{job_id}/").status_code == 200
    assert as_alice.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_job_without_a_file_or_with_a_bad_flag_is_a_400(as_alice):
    missing = as_alice.post(JOBS, {}, format="multipart")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "file"
    bad_flag = start(as_alice, GOOD, skip_invalid="maybe")
    assert bad_flag.status_code == 400
    assert bad_flag.json()["errors"][0]["field"] == "skip_invalid"


def test_a_misspelt_form_field_is_named_and_queues_nothing(as_alice):
    answer = start(as_alice, GOOD, skip_invlaid="true")
    assert answer.status_code == 400
    assert [(e["field"], e["code"]) for e in answer.json()["errors"]] == [("skip_invlaid", "unknown_field")]
    assert Job.objects.count() == 0
