"""An import job in the real worker process, cancelled from another process while it runs: the
cancel reaches it through job storage within its next progress step and nothing is stored."""

import json

import pytest

from tests.support.worker import stop, wait_for, worker_host

ROWS = 30_000

START = """
from pathlib import Path
from django.contrib.auth import get_user_model
from common import jobs
from customers.tasks import IMPORT_JOB, run_customer_import
owner = get_user_model().objects.create_user(email="big@example.com", password=None)
with Path({path!r}).open("rb") as upload:
    job = jobs.start_job(owner_id=owner.pk, kind=IMPORT_JOB, params={{}}, task=run_customer_import, upload=upload)
result = [owner.pk, str(job.id)]
"""
CANCEL = """
from common import jobs
result = jobs.request_cancel({owner}, {job!r}).state
"""


@pytest.mark.django_db
def test_a_running_import_job_cancelled_from_another_process_stops_and_stores_nothing(tmp_path):
    files = tmp_path / "job-files"
    csv_path = tmp_path / "big.csv"
    with csv_path.open("w") as out:
        out.write("first_name,last_name,phone_number,date_of_birth\n")
        out.writelines(f"Name,Person,+1415{3_000_000 + n:07d},1990-01-02\n" for n in range(ROWS))
    with worker_host(tmp_path, "importjob", JOB_FILES_DIR=str(files), JOB_PROGRESS_SECONDS="0.05") as host:
        owner, job_id = host.run_in_app(START.format(path=str(csv_path)))
        assert len(list((files / job_id).iterdir())) == 1  # the upload, in job storage
        worker = host.start()

        def done_so_far() -> int:
            progress = files / job_id / "progress"
            try:
                return int(json.loads(progress.read_text())["done"])
            except (OSError, ValueError):
                return 0

        wait_for(lambda: done_so_far() >= 1000, timeout=120, what="the import to get going")
        assert host.run_in_app(CANCEL.format(owner=owner, job=job_id)) == "running"  # asked, not yet
        wait_for(lambda: state(host, job_id) == "cancelled", timeout=60, what="the job to stop")

        assert host.database.query("SELECT COUNT(*) FROM customers")[0][0] == 0
        [(done, total, message)] = host.database.query(
            "SELECT done, total, message FROM jobs WHERE id = %s", [job_id.replace("-", "")]
        )
        assert total == ROWS and done < ROWS
        assert message == "Cancelled; nothing was imported."
        assert not (files / job_id).exists() or list((files / job_id).iterdir()) == []
        stop(worker)


def state(host, job_id: str) -> str:
    # (UUIDs are stored as 32 hex digits on SQLite and MariaDB; PostgreSQL reads them as well.)
    return host.database.query("SELECT state FROM jobs WHERE id = %s", [job_id.replace("-", "")])[0][0]
