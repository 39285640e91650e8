"""Jobs: long work a user starts, watches and may cancel (an import of a large file, an export).

A job is a `Job` row (state, progress, per-row errors, result) plus its files in the job storage
(`JOB_FILES_STORAGE`, a Django storage every app server and worker can reach: the filesystem by
default, shared storage for several hosts): the uploaded input, and while it runs a small
progress file and a cancel marker. Progress and cancel go through the storage, not the database:
an import holds its transaction (on SQLite the database's only write lock) from its first row to
its last, so the worker could not commit progress and the API could not commit a cancel until it
ended. The files are deleted when the job ends; the final progress is kept on the row.

States: queued → running → succeeded | failed | cancelled (a queued job can be cancelled at once;
a running one stops at its next progress step, and a cancelled import stores nothing).
"""

import json
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import IO, Any
from uuid import UUID

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.exceptions import Conflict, NotFound
from common.models import Job
from common.tasks import BackgroundTaskDefinition

State = Job.State
FINISHED = (State.SUCCEEDED, State.FAILED, State.CANCELLED)


class JobCancelled(Exception):
    """Raised inside a running job at the progress step after its owner asked to cancel it."""


def job_storage() -> Storage:
    return storages[settings.JOB_FILES_STORAGE]


def _name(job_id: Any, part: str) -> str:
    return f"{job_id}/{part}"


def start_job(
    *,
    owner_id: int,
    kind: str,
    params: dict[str, Any],
    task: BackgroundTaskDefinition[..., Any],
    upload: IO[bytes] | None = None,
) -> Job:
    """Store the input (if any), create the row and queue `task(job_id)`, all or nothing."""
    with transaction.atomic():
        job = Job.objects.create(owner_id=owner_id, kind=kind, params=params)
        if upload is not None:
            job.file_name = job_storage().save(_name(job.id, "input"), File(upload))
            job.save(update_fields=["file_name"])
        task.enqueue(str(job.id), key=f"job:{job.id}")
    return job


def job_for(owner_id: int, job_id: str | UUID) -> Job:
    """The owner's job; another owner's looks missing (404)."""
    job = Job.objects.filter(pk=job_id, owner_id=owner_id).first()
    if job is None:
        raise NotFound("No such job.")
    return job


def request_cancel(owner_id: int, job_id: str | UUID) -> Job:
    """Cancel a queued job now, or ask a running one to stop; a finished job is a 409."""
    job = job_for(owner_id, job_id)
    if job.state == State.QUEUED:
        cancelled = Job.objects.filter(pk=job.pk, state=State.QUEUED).update(
            state=State.CANCELLED, finished_at=timezone.now(), message="Cancelled before it started."
        )
        if cancelled:
            _delete_files(job)
            job.refresh_from_db()
            return job
        job.refresh_from_db()
    if job.state in FINISHED:
        raise Conflict(f"The job has already {job.state}.", code="job_finished")
    job_storage().save(_name(job.pk, "cancel"), ContentFile(b"cancel"))
    return job


def cancel_requested(job: Job) -> bool:
    return job.state == State.RUNNING and job_storage().exists(_name(job.pk, "cancel"))


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    rows_per_second: float | None
    seconds_left: float | None


def progress_of(job: Job) -> Progress:
    """How far the job is: the live progress file while it runs, else the row."""
    done, total, elapsed = job.done, job.total, None
    if job.state == State.RUNNING:
        try:
            with job_storage().open(_name(job.pk, "progress")) as file:
                live = json.loads(file.read())
            done, total = int(live["done"]), live.get("total")
        except (OSError, ValueError, KeyError):
            pass
    if job.started_at is not None:
        elapsed = ((job.finished_at or timezone.now()) - job.started_at).total_seconds()
    rate = done / elapsed if elapsed and done else None
    left = (
        (max(total - done, 0) / rate) if rate and total is not None and job.state == State.RUNNING else None
    )
    return Progress(
        done, total, round(rate, 1) if rate else None, round(left, 1) if left is not None else None
    )


def representation(job: Job) -> dict[str, Any]:
    """A job as the API and the progress page show it."""
    progress = progress_of(job)
    return {
        "id": str(job.id),
        "kind": job.kind,
        "state": job.state,
        "progress": {"done": progress.done, "total": progress.total},
        "rows_per_second": progress.rows_per_second,
        "seconds_left": progress.seconds_left,
        "cancel_requested": cancel_requested(job),
        "message": job.message,
        "errors": job.errors,
        "error_count": job.error_count,
        "result": job.result,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


class JobRun:
    """The worker's side of a job: start it, report progress (which is where a cancel is
    noticed), and finish it, deleting its files."""

    def __init__(self, job_id: str) -> None:
        self.job = Job.objects.get(pk=job_id)
        self._last_write = 0.0

    @property
    def finished(self) -> bool:
        return self.job.state in FINISHED

    def start(self, total: int | None) -> None:
        self.job.state = State.RUNNING
        self.job.total = total
        self.job.done = 0
        self.job.started_at = timezone.now()
        self.job.save(update_fields=["state", "total", "done", "started_at"])
        self._write_progress(0)

    def input(self) -> IO[bytes]:
        return job_storage().open(self.job.file_name, "rb")

    def progress(self, done: int) -> None:
        """Record `done` (at most every JOB_PROGRESS_SECONDS); raise JobCancelled if asked to stop."""
        now = time.monotonic()
        if now - self._last_write >= settings.JOB_PROGRESS_SECONDS:
            self._write_progress(done)
            if job_storage().exists(_name(self.job.pk, "cancel")):
                raise JobCancelled
            self._last_write = now

    def _write_progress(self, done: int) -> None:
        storage = job_storage()
        name = _name(self.job.pk, "progress")
        storage.delete(name)
        storage.save(name, ContentFile(json.dumps({"done": done, "total": self.job.total}).encode()))
        self.job.done = done

    def write_output(self, name: str, chunks: Iterable[bytes]) -> dict[str, Any]:
        """Write the job's output to job storage through a local temporary file (constant
        memory), and return where to download it: a signed link valid JOB_DOWNLOAD_HOURS."""
        with tempfile.TemporaryFile() as spool:
            for chunk in chunks:
                spool.write(chunk)
            spool.seek(0)
            storage = job_storage()
            stored = _name(self.job.pk, "output")
            storage.delete(stored)
            storage.save(stored, File(spool))
        expires = timezone.now() + timedelta(hours=settings.JOB_DOWNLOAD_HOURS)
        self.job.params = {**self.job.params, "output": stored, "output_name": name}
        self.job.save(update_fields=["params"])
        return {"download_url": download_path(self.job), "expires_at": expires.isoformat()}

    def finish(
        self,
        state: str,
        *,
        done: int | None = None,
        result: dict[str, Any] | None = None,
        errors: list[dict[str, Any]] | None = None,
        message: str = "",
    ) -> None:
        errors = errors or []
        self.job.state = state
        self.job.done = self.job.done if done is None else done
        self.job.result = result
        self.job.errors = errors[: settings.JOB_MAX_ERRORS]
        self.job.error_count = len(errors)
        self.job.message = message
        self.job.finished_at = timezone.now()
        self.job.save()
        _delete_files(self.job)


_DOWNLOAD_SALT = "common.jobs.download"


def download_path(job: Job) -> str:
    """The output's download link: its token names the job and expires (signed, no session)."""
    token = signing.dumps(str(job.pk), salt=_DOWNLOAD_SALT, compress=True)
    return reverse("jobs-api:download", kwargs={"token": token})


def download(token: str) -> tuple[IO[bytes], str]:
    """The output a download token names (open file, file name); NotFound once it has expired
    (the file is deleted then) or for a token this app did not sign."""
    max_age = timedelta(hours=settings.JOB_DOWNLOAD_HOURS)
    try:
        job_id = signing.loads(token, salt=_DOWNLOAD_SALT, max_age=max_age)
    except signing.SignatureExpired:
        job_id = signing.loads(token, salt=_DOWNLOAD_SALT)
        job = Job.objects.filter(pk=job_id).first()
        if job is not None:
            delete_output(job)
        raise NotFound("This download link has expired.") from None
    except signing.BadSignature:
        raise NotFound("No such download.") from None
    job = Job.objects.filter(pk=job_id, state=State.SUCCEEDED).first()
    stored = job.params.get("output") if job else None
    if job is None or not stored or not job_storage().exists(stored):
        raise NotFound("No such download.")
    return job_storage().open(stored, "rb"), str(job.params.get("output_name", "export.csv"))


def delete_output(job: Job) -> None:
    stored = job.params.get("output")
    if stored:
        job_storage().delete(stored)
        job.params = {key: value for key, value in job.params.items() if key != "output"}
        job.save(update_fields=["params"])


def purge_expired_outputs() -> int:
    """Delete outputs whose links have expired (`manage.py purge_expired_data`); how many."""
    cutoff = timezone.now() - timedelta(hours=settings.JOB_DOWNLOAD_HOURS)
    purged = 0
    for job in Job.objects.filter(finished_at__lt=cutoff, params__has_key="output"):
        delete_output(job)
        purged += 1
    return purged


def _delete_files(job: Job) -> None:
    storage = job_storage()
    for name in (job.file_name, _name(job.pk, "progress"), _name(job.pk, "cancel")):
        if name:
            storage.delete(name)


def count_lines(open_file: Callable[[], IO[bytes]]) -> int:
    """Newlines in a file, read in blocks (a cheap first pass for a progress total)."""
    count = 0
    with open_file() as file:
        while block := file.read(1 << 20):
            count += block.count(b"\n")
    return count
