"""`manage.py db_worker`: django-tasks-db's worker, which on SIGTERM (or Ctrl+C) finishes the
task it is running and then exits, plus recovery from a worker that died mid-task.

A worker killed outright (SIGKILL, out of memory, power loss) leaves its task marked running
forever. Started again with the same `--worker-id`, this worker first puts every task that id
left running back in the queue, so it runs again (tasks are safe to repeat, common/tasks.py);
one whose attempts are used up is marked failed instead. Give every worker of a pool its own
stable id (`make run` and docker-compose do): a random id, the default, recovers nothing.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as FrameworkWorkerCommand
from django_tasks_db.models import DBTaskResult

from common.models import BackgroundTask


def recover_abandoned(worker_id: str) -> int:
    """Requeue what `worker_id` left running; the number of tasks put back."""
    recovered = 0
    with transaction.atomic():
        for result in DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING):
            if not result.worker_ids or result.worker_ids[-1] != worker_id:
                continue
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
            recovered += 1
        abandoned = BackgroundTask.objects.filter(state=BackgroundTask.State.RUNNING, worker_id=worker_id)
        for record in abandoned.select_for_update():
            if record.attempts >= record.max_attempts:
                record.state = BackgroundTask.State.FAILED
                record.finished_at = timezone.now()
                record.last_error = f"The worker {worker_id} stopped during the last attempt."
                record.save(update_fields=["state", "finished_at", "last_error"])
                if record.result_id:
                    DBTaskResult.objects.filter(id=record.result_id, status=TaskResultStatus.READY).update(
                        status=TaskResultStatus.FAILED, finished_at=timezone.now()
                    )
            else:
                record.state = BackgroundTask.State.QUEUED
                record.save(update_fields=["state"])
    return recovered


class Command(FrameworkWorkerCommand):
    help = "Run the background worker (finishes its task on SIGTERM; --worker-id enables crash recovery)"

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = recover_abandoned(options["worker_id"])
        if recovered:
            self.stdout.write(
                f"Requeued {recovered} task(s) that worker {options['worker_id']} left running."
            )
        super().handle(*args, **options)
