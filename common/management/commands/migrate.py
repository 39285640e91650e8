"""Django's `migrate`, holding a database-wide lock while it runs.

Several app containers or hosts that start together each run `migrate` (the entrypoint does,
unless MIGRATE_ON_START is off). Without a lock their migrations race: two of them create the
same table, or install the same trigger, and one fails or leaves half a schema. With it, the
first one migrates and the others wait, then find nothing left to apply. PostgreSQL holds a
session advisory lock, MySQL/MariaDB a named lock; both are released when the connection
closes, so a killed migrate never leaves the lock behind. SQLite is one file on one host and
serialises its own writers.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.commands.migrate import Command as DjangoMigrateCommand
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# Any fixed 64-bit number, the same on every host: the key of the advisory lock.
ADVISORY_LOCK_KEY = 0x636D615F6D696772  # "cma_migr"
MYSQL_LOCK_NAME = "cma_migrate"


@contextmanager
def migration_lock(connection: BaseDatabaseWrapper, say: Any) -> Iterator[None]:
    vendor = connection.vendor
    if vendor not in ("postgresql", "mysql"):
        yield
        return
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            if not cursor.fetchone()[0]:
                say("Another migrate is running; waiting for it to finish.")
                cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        else:
            cursor.execute("SELECT GET_LOCK(%s, 0)", [MYSQL_LOCK_NAME])
            if cursor.fetchone()[0] != 1:
                say("Another migrate is running; waiting for it to finish.")
                cursor.execute("SELECT GET_LOCK(%s, -1)", [MYSQL_LOCK_NAME])
    try:
        yield
    finally:
        if connection.connection is not None:  # a closed connection has released it already
            with connection.cursor() as cursor:
                if vendor == "postgresql":
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
                else:
                    cursor.execute("SELECT RELEASE_LOCK(%s)", [MYSQL_LOCK_NAME])


class Command(DjangoMigrateCommand):
    help = DjangoMigrateCommand.help + " Concurrent runs take turns (a database lock), so only one migrates."

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        with migration_lock(connection, lambda text: self.stdout.write(text)):
            super().handle(*args, **options)
