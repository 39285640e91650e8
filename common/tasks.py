"""Background work on Django's task framework (django-tasks, the backport of `django.tasks`),
with what every app's task needs and the framework leaves out.

    from common.tasks import background

    @background(max_attempts=8)
    def send_report(report_id: int) -> dict: ...

    send_report.enqueue(report.id, key=f"report:{report.id}")

- **Enqueued with the data.** `enqueue()` writes a `BackgroundTask` row and, on the database
  backend, the framework's own row in the caller's transaction: both commit with the change that
  caused them, or neither does (the worker cannot see them before the commit). On a backend that
  runs tasks at once (`TASKS_BACKEND=immediate`), the task runs right after the commit.
- **Idempotent.** A `key` names the work: enqueueing the same key again returns the existing
  row and queues nothing. A run of a row that has already succeeded or given up does nothing,
  so a duplicate delivery is harmless. A task whose worker died mid-run runs again from the
  start, so a task must be safe to repeat (write its effect keyed by what it works on).
- **Retried with exponential backoff.** A task that raises is run again after
  `base · 2^(attempt-1)` seconds (capped), up to `max_attempts` in all; each attempt and its
  error are recorded. `PermanentError` gives up at once. After the last attempt the row is
  `failed` and the task's `on_give_up(row)` runs.
- **Visible.** Every attempt is a framework row (status, traceback) and every task one
  `BackgroundTask` row, both in the admin.

Arguments must be JSON values: pass ids, never model instances. `manage.py db_worker` runs the
tasks (common/management/commands/db_worker.py adds crash recovery to the framework's worker).
"""

import functools
import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Generic, ParamSpec, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskContext, task, task_backends
from django_tasks_db import DatabaseBackend

from common.models import BackgroundTask

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")
State = BackgroundTask.State
FINISHED = (State.SUCCEEDED, State.FAILED)


class PermanentError(Exception):
    """Raised by a task that must not be tried again (bad input, a refused request)."""


def retry_delay(attempt: int, base_seconds: float, max_seconds: float) -> timedelta:
    """How long after failed attempt `attempt` (1-based) the next one runs."""
    return timedelta(seconds=min(max_seconds, base_seconds * 2 ** (attempt - 1)))


class BackgroundTaskDefinition(Generic[P, R]):
    """What `@background` makes of a function: call it directly, or `enqueue()` it."""

    def __init__(
        self,
        func: Callable[P, R],
        *,
        max_attempts: int | None,
        retry_base_seconds: float | None,
        retry_max_seconds: float | None,
        on_give_up: Callable[[BackgroundTask], None] | None,
    ) -> None:
        functools.update_wrapper(self, func)
        self.func = func
        self.name = f"{func.__module__}.{func.__qualname__}"
        self._max_attempts = max_attempts
        self._retry_base_seconds = retry_base_seconds
        self._retry_max_seconds = retry_max_seconds
        self.on_give_up = on_give_up

    @property
    def max_attempts(self) -> int:
        return self._max_attempts or settings.TASKS_MAX_ATTEMPTS

    def delay_after(self, attempt: int) -> timedelta:
        return retry_delay(
            attempt,
            self._retry_base_seconds
            if self._retry_base_seconds is not None
            else settings.TASKS_RETRY_BASE_SECONDS,
            self._retry_max_seconds
            if self._retry_max_seconds is not None
            else settings.TASKS_RETRY_MAX_SECONDS,
        )

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.func(*args, **kwargs)

    def enqueue(self, *args: Any, key: str | None = None, delay: timedelta | None = None) -> BackgroundTask:
        """Queue the task with these (JSON) arguments; see the module's docstring."""
        with transaction.atomic():
            if key is not None:
                existing = BackgroundTask.objects.filter(key=key).first()
                if existing is not None:
                    return existing
            record = BackgroundTask.objects.create(
                name=self.name, key=key, args=list(args), max_attempts=self.max_attempts
            )
            dispatch(record, run_after=timezone.now() + delay if delay else None)
        return record


def background(
    func: Callable[P, R] | None = None,
    *,
    max_attempts: int | None = None,
    retry_base_seconds: float | None = None,
    retry_max_seconds: float | None = None,
    on_give_up: Callable[[BackgroundTask], None] | None = None,
) -> Any:
    """Make a module-level function a background task (`@background` or `@background(...)`).
    Unset limits come from TASKS_MAX_ATTEMPTS, TASKS_RETRY_BASE_SECONDS, TASKS_RETRY_MAX_SECONDS."""

    def wrap(f: Callable[P, R]) -> BackgroundTaskDefinition[P, R]:
        return BackgroundTaskDefinition(
            f,
            max_attempts=max_attempts,
            retry_base_seconds=retry_base_seconds,
            retry_max_seconds=retry_max_seconds,
            on_give_up=on_give_up,
        )

    return wrap(func) if func is not None else wrap


def runs_in_worker() -> bool:
    """True when tasks wait for `manage.py db_worker`; False when they run at once."""
    return isinstance(task_backends["default"], DatabaseBackend)


def dispatch(record: BackgroundTask, run_after: datetime | None = None) -> None:
    """Hand a row to the framework: in this transaction on the database backend, else after it."""
    runner = (
        run_background_task.using(run_after=run_after)
        if run_after and runs_in_worker()
        else run_background_task
    )

    def send() -> None:
        result = runner.enqueue(record.pk)
        BackgroundTask.objects.filter(pk=record.pk, result_id="").update(result_id=str(result.id))

    if runs_in_worker():
        send()
    else:
        transaction.on_commit(send)


@task(takes_context=True)
def run_background_task(context: TaskContext, record_id: int) -> Any:
    """The one framework task: runs the `@background` function a `BackgroundTask` row names."""
    run_id = str(context.task_result.id)
    worker_ids = context.task_result.worker_ids
    with transaction.atomic():
        record = BackgroundTask.objects.select_for_update().filter(pk=record_id).first()
        if record is None or record.state in FINISHED:
            return {"skipped": "already finished" if record else "no such task"}
        record.state = State.RUNNING
        record.attempts += 1
        record.worker_id = worker_ids[-1] if worker_ids else ""
        record.result_id = run_id
        record.started_at = timezone.now()
        record.next_attempt_at = None
        record.save(
            update_fields=["state", "attempts", "worker_id", "result_id", "started_at", "next_attempt_at"]
        )

    definition: BackgroundTaskDefinition[..., Any] = import_string(record.name)
    try:
        value = definition.func(*record.args)
    except Exception as error:
        gave_up = _record_failure(record, definition, error)
        if gave_up and definition.on_give_up is not None:
            try:
                definition.on_give_up(record)
            except Exception:
                logger.exception("on_give_up of %s failed", record.name)
        raise
    record.state = State.SUCCEEDED
    record.result = value
    record.finished_at = timezone.now()
    record.last_error = ""
    record.save(update_fields=["state", "result", "finished_at", "last_error"])
    return value


def _record_failure(
    record: BackgroundTask, definition: BackgroundTaskDefinition[..., Any], error: Exception
) -> bool:
    """Schedule the next attempt, or mark the row failed; True when it gave up."""
    record.last_error = "".join(traceback.format_exception(error))
    retry = record.attempts < record.max_attempts and not isinstance(error, PermanentError)
    with transaction.atomic():
        if retry:
            record.state = State.RETRYING
            record.next_attempt_at = timezone.now() + definition.delay_after(record.attempts)
            record.result_id = ""
            record.save(update_fields=["state", "next_attempt_at", "last_error", "result_id"])
            dispatch(record, run_after=record.next_attempt_at)
        else:
            record.state = State.FAILED
            record.finished_at = timezone.now()
            record.save(update_fields=["state", "finished_at", "last_error"])
    logger.warning(
        "%s attempt %d/%d failed: %r%s",
        record.name,
        record.attempts,
        record.max_attempts,
        error,
        f"; next at {record.next_attempt_at:%H:%M:%S}" if retry else "; giving up",
    )
    return not retry
