"""`manage.py seed_customers --owner EMAIL --count N`: demo customers for one owner, fast."""

import getpass
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from itertools import islice
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from customers.domain.entities import EDITABLE_FIELDS
from customers.domain.rules import search_name_of
from customers.management.demo_data import DemoCustomerGenerator
from customers.models import Customer


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total: int, write: Callable[[str], None], *, width: int = 30) -> None:
        self.total, self.write, self.width = total, write, width
        self.started = self.last_drawn = time.monotonic()
        self.done = 0

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self.last_drawn >= 0.1 or self.done >= self.total:
            self.last_drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        fraction = self.done / self.total if self.total else 1.0
        filled = int(fraction * self.width)
        rate = self.done / max(now - self.started, 1e-9)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"\r[{bar}] {fraction:4.0%} {self.done:,}/{self.total:,} ({rate:,.0f}/s)"
        self.write(line + ("\n" if self.done >= self.total else ""))


@contextmanager
def _keeping_given_timestamps() -> Iterator[None]:
    """Let bulk_create store the spread-out creation times instead of "now": auto_now(_add)
    would overwrite them. A management command runs alone in its process, so flipping the
    field flags for the duration of the insert is safe here (never do this in a request)."""
    created_at = Customer._meta.get_field("created_at")
    updated_at = Customer._meta.get_field("updated_at")
    saved = (created_at.auto_now_add, updated_at.auto_now)
    created_at.auto_now_add = updated_at.auto_now = False
    try:
        yield
    finally:
        created_at.auto_now_add, updated_at.auto_now = saved


class Command(BaseCommand):
    help = (
        "Add N demo customers (international names, valid unique phone numbers, ages 13-100, "
        "created over the last --days days) to an owner's book, creating the owner if missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="Email of the owner (created if missing).")
        parser.add_argument("--count", required=True, type=int, help="How many customers to add.")
        parser.add_argument(
            "--password",
            help="Password for a new owner (asked for on a terminal when omitted; ignored for an existing owner).",
        )
        parser.add_argument("--days", type=int, default=365, help="Spread creation over this many days.")
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows per INSERT transaction.")
        parser.add_argument("--seed", type=int, help="Random seed, for a reproducible book.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        count, batch_size = options["count"], options["batch_size"]
        if count < 0 or batch_size < 1 or options["days"] < 0:
            raise CommandError("--count and --days must be >= 0 and --batch-size >= 1.")
        owner = self._owner(options["owner"], options["password"])
        taken = set(Customer.objects.owned_by(owner.pk).active().values_list("phone_number", flat=True))
        generator = DemoCustomerGenerator(
            today=timezone.localdate(), seed=options["seed"], taken_phones=taken
        )
        end = timezone.now()
        customers = generator.customers(count, start=end - timedelta(days=options["days"]), end=end)
        progress = None if options["no_progress"] else ProgressBar(count, self._write_progress)
        added = 0
        with _keeping_given_timestamps():
            while batch := list(islice(customers, batch_size)):
                rows = [
                    Customer(
                        owner_id=owner.pk,
                        created_by_id=owner.pk,
                        updated_by_id=owner.pk,
                        **{name: getattr(item.fields, name) for name in EDITABLE_FIELDS},
                        search_name=search_name_of(item.fields.first_name, item.fields.last_name),
                        created_at=item.created_at,
                        updated_at=item.created_at,
                    )
                    for item in batch
                ]
                with transaction.atomic():
                    Customer.objects.bulk_create(rows, batch_size=batch_size)
                added += len(rows)
                if progress:
                    progress.advance(len(rows))
        if added and connection.vendor == "postgresql":
            # Fresh statistics now, not at autovacuum's next pass: with the pre-load ones the
            # planner can misjudge the owner's book (and autovacuum then competes for the CPU).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Customer._meta.db_table)}")
        self.stdout.write(f"Added {added:,} customers to {owner.email}.")

    def _write_progress(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()

    def _owner(self, email: str, password: str | None) -> Any:
        # The account model and Django's password validators, as `createsuperuser` uses them:
        # the demo owner's name is fixed, so the password is the one rule left to check.
        users = get_user_model()
        address = users.objects.normalize_email(email)
        existing = users.objects.filter(email=address).first()
        if existing is not None:
            return existing
        if password is None:
            if not sys.stdin.isatty():
                raise CommandError(f"{email} does not exist yet: give --password to create it.")
            password = getpass.getpass(f"Password for the new owner {email}: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords do not match.")
        owner = users(email=address, first_name="Demo", last_name="Owner")
        try:
            password_validation.validate_password(password, user=owner)
        except ValidationError as error:
            problems = "; ".join(f"password: {message}" for message in error.messages)
            raise CommandError(f"Cannot create {email}: {problems}") from error
        try:
            with transaction.atomic():
                owner = users.objects.create_user(
                    email=address, password=password, first_name="Demo", last_name="Owner"
                )
        except IntegrityError as error:
            raise CommandError(
                f"Cannot create {email}: an account with this address already exists."
            ) from error
        self.stdout.write(f"Created the owner {owner.email}.")
        return owner
