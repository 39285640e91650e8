import uuid

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """The first answer to a request sent with an `Idempotency-Key`, for replaying (24 hours).

    A table rather than the cache: the unique (user, key_hash) index is what lets exactly one of
    several simultaneous requests run, on SQLite, PostgreSQL and MariaDB alike, and it survives
    restarts. The key is stored hashed: fixed width for the index, and compared byte for byte
    (MariaDB's default collation would otherwise treat "abc" and "ABC" as one key).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True)  # null only inside the first request
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "idempotency_keys"
        constraints = [
            models.UniqueConstraint(fields=["user", "key_hash"], name="idempotency_unique_user_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key_hash[:12]}… ({self.response_status})"


class BackgroundTask(models.Model):
    """One unit of background work as the app sees it, across all its attempts (common/tasks.py).

    The task framework's own row (django-tasks-db's result) records one run; this row records
    the work: its idempotency key, how many attempts it took, the last error and when the next
    attempt is due. Staff find both in the admin.
    """

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        RETRYING = "retrying"
        SUCCEEDED = "succeeded"
        FAILED = "failed"

    name = models.CharField(max_length=200)  # the dotted path of the task function
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    args = models.JSONField(default=list)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField()
    worker_id = models.CharField(max_length=64, blank=True, default="")
    last_error = models.TextField(blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    result_id = models.CharField(max_length=64, blank=True, default="")  # the latest framework run
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "background_tasks"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.state}, attempt {self.attempts}/{self.max_attempts})"


class Job(models.Model):
    """Work a user started and watches: an import or export running as a background task
    (common/jobs.py). The id is random, so one user cannot guess another's."""

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLED = "cancelled"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    state = models.CharField(max_length=16, choices=State.choices, default=State.QUEUED)
    params = models.JSONField(default=dict)
    file_name = models.CharField(max_length=255, blank=True, default="")  # the input, in job storage
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(default=list, blank=True)  # per-row problems (the first JOB_MAX_ERRORS)
    error_count = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    message = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "jobs"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent")]

    def __str__(self) -> str:
        return f"{self.kind} {self.id} ({self.state})"
