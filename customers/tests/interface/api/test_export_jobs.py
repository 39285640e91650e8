"""Exports as background jobs: the list's filters, a file in job storage, a download link that
works without a token until it expires, and then neither the link nor the file is left."""

import csv
import io

import pytest
from django.core.management import call_command
from django.test import Client

from customers.tests.factories import CustomerFactory
from tests.support.worker import run_queued_tasks

# The worker loop that run_queued_tasks drives closes any connection whose transaction state is
# not the configured autocommit (close_old_connections), as a real worker does between tasks: so
# these tests run in real transactions, not inside one that wraps the test.
pytestmark = pytest.mark.django_db(transaction=True)


EXPORTS = "/api/v1/customers/export/jobs/"


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


def download_rows(url):
    answer = Client().get(url)  # no token, no session: the link is the credential
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"].startswith("text/csv")
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_an_export_job_writes_the_filtered_book_to_a_file_with_an_expiring_link(as_alice, alice, bob):
    CustomerFactory(owner=alice, first_name="Ada", last_name="Byron")
    CustomerFactory(owner=alice, first_name="Adam", last_name="Smith")
    CustomerFactory(owner=alice, first_name="Grace", last_name="Hopper")
    CustomerFactory(owner=bob, first_name="Ada", last_name="Other")
    answer = as_alice.post(f"{EXPORTS}?search=ada")
    assert answer.status_code == 202, answer.content
    location = answer["Location"]
    assert run_queued_tasks() == 1

    job = as_alice.get(location).json()["data"]
    assert job["kind"] == "customer_export" and job["state"] == "succeeded"
    assert job["progress"] == {"done": 2, "total": 2}
    assert job["result"]["rows"] == 2 and job["result"]["expires_at"]
    rows = download_rows(job["result"]["download_url"])
    assert sorted(row["first_name"] for row in rows[:-1]) == ["Ada", "Adam"]
    assert rows[-1]["id"] == "# complete: 2 customers"


def finished_export(client):
    location = client.post(EXPORTS)["Location"]
    run_queued_tasks()
    return client.get(location).json()["data"]


def test_an_expired_link_is_a_404_and_no_file_outlives_it(as_alice, alice, settings, job_files):
    CustomerFactory(owner=alice)
    first, second = finished_export(as_alice), finished_export(as_alice)
    assert len(list(job_files.rglob("output"))) == 2
    assert len(download_rows(first["result"]["download_url"])) == 2  # one customer and the trailer

    settings.JOB_DOWNLOAD_HOURS = 0  # from now on every link has expired
    expired = Client().get(first["result"]["download_url"])
    assert expired.status_code == 404
    assert expired.json()["errors"][0]["message"] == "This download link has expired."
    assert len(list(job_files.rglob("output"))) == 1  # that file went at once

    out = io.StringIO()
    call_command("purge_expired_data", stdout=out)  # the hourly sweep takes the other
    assert "Deleted 1 expired export files." in out.getvalue()
    assert list(job_files.rglob("output")) == []
    assert Client().get(second["result"]["download_url"]).status_code == 404


def test_a_bad_filter_is_a_400_before_any_job_and_a_forged_link_is_a_404(as_alice):
    bad = as_alice.post(f"{EXPORTS}?age_min=abc")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "age_min"
    assert Client().get("/api/v1/jobs/download/not-a-token/").status_code == 404
