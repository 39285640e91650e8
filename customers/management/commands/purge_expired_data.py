"""`manage.py purge_expired_data`: the retention sweep (README "Data we keep"). Schedule hourly.

Runs every expiry there is, each through the code that owns it:
- customers in the trash longer than `CUSTOMER_PURGE_AFTER_DAYS` are erased with every copy
  (the same erase path as "Erase now"; `purge_deleted_customers` runs this step alone);
- history rows whose customer no longer exists (left by purges before erasure covered history);
- `Idempotency-Key` answers past their 24 hours (`purge_idempotency_keys` runs this step alone);
- import uploads abandoned between preview and confirm, older than
  `CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES`;
- login records (django-axes attempts, access and failure logs: email, address, user agent)
  older than `LOGIN_RECORD_RETENTION_DAYS`;
- export job files whose download link has expired (`JOB_DOWNLOAD_HOURS`).
"""

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from common.idempotency import purge_expired
from common.jobs import purge_expired_outputs
from customers.domain.service_factory import customer_service
from customers.models import Customer
from customers.repositories import pending_imports


class Command(BaseCommand):
    help = "Erase personal data past its retention period (trash, history, replays, uploads, login records)."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        trash_days = settings.CUSTOMER_PURGE_AFTER_DAYS
        purged = customer_service().purge_deleted(older_than=now - timedelta(days=trash_days))
        orphans, _ = Customer.history.exclude(id__in=Customer.objects.values("id")).delete()
        keys = purge_expired(now)
        uploads = pending_imports.sweep(
            older_than=timedelta(minutes=settings.CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES)
        )
        login_cutoff = now - timedelta(days=settings.LOGIN_RECORD_RETENTION_DAYS)
        logins = sum(
            model.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
            for model in (AccessAttempt, AccessLog, AccessFailureLog)
        )
        self.stdout.write(
            f"Erased {purged} customers deleted more than {trash_days} days ago, "
            f"{orphans} orphaned history rows, {keys} expired idempotency keys, "
            f"{uploads} abandoned import uploads and {logins} login records."
        )
        self.stdout.write(f"Deleted {purge_expired_outputs()} expired export files.")
