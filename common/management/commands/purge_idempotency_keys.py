"""`manage.py purge_idempotency_keys`: delete Idempotency-Key records past their 24 hours.

Expired keys are also replaced lazily when reused; this keeps the table small. Schedule it
(cron, a systemd timer, a Kubernetes CronJob), e.g. hourly."""

from typing import Any

from django.core.management.base import BaseCommand

from common.idempotency import purge_expired


class Command(BaseCommand):
    help = "Delete Idempotency-Key records older than 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = purge_expired()
        self.stdout.write(f"Deleted {deleted} expired idempotency key(s).")
