from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from customers.repositories import count_triggers


class Command(BaseCommand):
    help = (
        "Compare every owner's stored active-customer count (customer_counts, read by the list's "
        "`count`) with the number of their active customers, and check that the triggers keeping "
        "it are installed. Exits with status 1 when something is wrong, unless --repair, which "
        "reinstalls the triggers and recounts with writes to customers held off."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="Recount and reinstall the triggers.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="The database to check.")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        missing = count_triggers.missing_triggers(connection)
        drifted = count_triggers.drift(connection)
        for name in missing:
            self.stdout.write(f"Missing trigger: {name}")
        for owner_id, stored, actual in drifted:
            self.stdout.write(f"Owner {owner_id}: stored {stored}, actual {actual} ({stored - actual:+d})")
        if not missing and not drifted:
            self.stdout.write("Every count is right and every trigger is installed.")
            return
        if not options["repair"]:
            raise CommandError(
                f"{len(drifted)} owner(s) with a wrong count, {len(missing)} trigger(s) missing; "
                "run with --repair to fix."
            )
        count_triggers.install(connection)
        left = count_triggers.drift(connection)
        if left or count_triggers.missing_triggers(connection):
            raise CommandError(f"Still wrong after the repair: {left}")
        self.stdout.write(
            f"Repaired: {len(drifted)} count(s) recounted, {len(missing)} trigger(s) reinstalled."
        )
