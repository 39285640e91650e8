from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from customers.domain.service_factory import customer_service


class Command(BaseCommand):
    help = (
        "Hard-delete customers that were soft-deleted more than N days ago (default: the "
        "CUSTOMER_PURGE_AFTER_DAYS setting). Meant to be scheduled, e.g. daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=None,
            help="Purge customers deleted more than this many days ago.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["older_than_days"]
        if days is None:
            days = settings.CUSTOMER_PURGE_AFTER_DAYS
        if days < 0:
            raise CommandError("--older-than-days must be 0 or more.")
        purged = customer_service().purge_deleted(older_than=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Purged {purged} customers deleted more than {days} days ago.")
