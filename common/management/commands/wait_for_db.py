"""`manage.py wait_for_db`: block until the database accepts connections, or fail after a
timeout. Container start-up runs it before `migrate`, since the database may still be booting."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Wait until the database accepts connections (exit 1 after --timeout seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, default=60.0, help="Seconds to wait (default 60).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between tries (default 1).")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias (default 'default')."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        deadline = time.monotonic() + options["timeout"]
        attempts = 0
        while True:
            attempts += 1
            try:
                connection.ensure_connection()
            except OperationalError as error:
                if time.monotonic() + options["interval"] > deadline:
                    raise CommandError(
                        f"Database unavailable after {options['timeout']:g}s "
                        f"({attempts} attempts): {type(error).__name__}"
                    ) from error
                self.stderr.write(f"Waiting for the database ({type(error).__name__})...")
                time.sleep(options["interval"])
                connection.close()
            else:
                self.stdout.write(f"Database available after {attempts} attempt(s).")
                return
