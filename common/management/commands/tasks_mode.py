"""`manage.py tasks_mode`: prints `worker` when background tasks wait for `manage.py db_worker`
(TASKS_BACKEND=database), `immediate` when they run in the process that queues them.
`make run` reads it to decide whether to start a worker beside the server."""

from typing import Any

from django.core.management.base import BaseCommand

from common.tasks import runs_in_worker


class Command(BaseCommand):
    help = "Print how background tasks run here: 'worker' or 'immediate'."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("worker" if runs_in_worker() else "immediate")
