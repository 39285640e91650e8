"""The background import on the pages: the upload form queues a job and opens its progress
page; the page's status URL and cancel button are the owner's alone."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Customer
from customers.tests.dates import birthday_years_ago
from tests.support.worker import run_queued_tasks
from users.tests.pages import csrf_token, logged_in_client, submit

# The worker loop that run_queued_tasks drives closes any connection whose transaction state is
# not the configured autocommit (close_old_connections), as a real worker does between tasks: so
# these tests run in real transactions, not inside one that wraps the test.
pytestmark = pytest.mark.django_db(transaction=True)


BORN = birthday_years_ago(30).isoformat()
GOOD = f"first_name,last_name,phone_number,date_of_birth\nAda,Byron,+14155550101,{BORN}\nGrace,Hopper,+14155550102,{BORN}\n"


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "jobs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def start(client):
    upload = SimpleUploadedFile("big.csv", GOOD.encode(), content_type="text/csv")
    response = submit(client, "/customer/import/", {"file": upload, "background": "1"})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def test_import_in_the_background_opens_a_progress_page_that_the_status_url_keeps_current(client, alice):
    page_url = start(client)
    page = client.get(page_url).content.decode()
    assert "Importing big.csv" in page and "Queued" in page
    assert 'data-testid="job-progress"' in page and "js/job-progress.js" in page
    status_url = page_url + "status/"
    assert client.get(status_url).json()["state"] == "queued"

    run_queued_tasks()
    status = client.get(status_url).json()
    assert status["state"] == "succeeded"
    assert status["progress"] == {"done": 2, "total": 2}
    assert Customer.objects.filter(owner=alice).count() == 2
    assert "Imported 2 customers." in client.get(page_url).content.decode()


def test_cancel_from_the_page_stops_a_queued_import(client, alice):
    page_url = start(client)
    token = csrf_token(client, page_url)
    answer = client.post(page_url + "cancel/", {"csrfmiddlewaretoken": token}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200 and answer.json()["state"] == "cancelled"
    run_queued_tasks()
    assert Customer.objects.filter(owner=alice).count() == 0
    again = client.post(page_url + "cancel/", {"csrfmiddlewaretoken": token})
    assert again.status_code == 302  # back to the page, which says it is already cancelled


def test_another_users_job_page_status_and_cancel_are_404(client, bob):
    page_url = start(client)
    other = logged_in_client(bob)
    assert other.get(page_url).status_code == 404
    assert other.get(page_url + "status/").status_code == 404
    token = csrf_token(other, "/customer/import/")
    assert other.post(page_url + "cancel/", {"csrfmiddlewaretoken": token}).status_code == 404
