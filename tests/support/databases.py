"""A scratch database on the server the tests run against, for tests that start the real app
(gunicorn, `manage.py migrate`) in other processes: SQLite in a temporary directory, or a new
database beside the test database on PostgreSQL or MariaDB, dropped afterwards."""

import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ScratchDatabase:
    vendor: str
    url: str
    params: dict[str, Any]

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one statement, on a connection of its own (autocommit). `%s` placeholders."""
        if self.vendor == "sqlite":
            with closing(sqlite3.connect(self.params["NAME"], timeout=20)) as db:
                return db.execute(sql.replace("%s", "?"), tuple(args)).fetchall()
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(**_pg_kwargs(self.params), autocommit=True) as db:
                cursor = db.execute(sql.encode(), tuple(args))  # type: ignore[call-overload]
                return list(cursor.fetchall()) if cursor.description else []
        import pymysql

        db = pymysql.connect(**_mysql_kwargs(self.params), autocommit=True)
        with closing(db), db.cursor() as cursor:
            cursor.execute(sql, tuple(args))
            return list(cursor.fetchall())


def _pg_kwargs(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "host": params["HOST"] or "127.0.0.1",
        "port": int(params["PORT"] or 5432),
        "user": params["USER"],
        "password": params["PASSWORD"] or None,
        "dbname": params["NAME"],
    }


def _mysql_kwargs(params: dict[str, Any]) -> dict[str, Any]:
    return {
        "host": params["HOST"] or "127.0.0.1",
        "port": int(params["PORT"] or 3306),
        "user": params["USER"],
        "password": params["PASSWORD"] or "",
        "database": params["NAME"],
    }


def _url(vendor: str, params: dict[str, Any]) -> str:
    scheme = {"postgresql": "postgres", "mysql": "mysql"}[vendor]
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    return f"{scheme}://{params['USER']}{password}@{params['HOST']}:{params['PORT']}/{params['NAME']}"


@contextmanager
def scratch_database(suffix: str) -> Iterator[ScratchDatabase]:
    """An empty database on the backend of this test run (settings' default database)."""
    from django.conf import settings
    from django.db import connection

    vendor = connection.vendor
    if vendor == "sqlite":
        with tempfile.TemporaryDirectory(prefix=f"cma-{suffix}-") as workdir:
            path = Path(workdir) / "db.sqlite3"
            yield ScratchDatabase("sqlite", f"sqlite:///{path}", {"NAME": str(path)})
        return
    base = dict(settings.DATABASES["default"])
    name = f"{base['NAME']}_{suffix}_{os.getpid()}"[:63]
    params = base | {"NAME": name}
    admin = ScratchDatabase(vendor, "", base)
    admin.query(f"DROP DATABASE IF EXISTS {name}")
    if vendor == "mysql":
        admin.query(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    else:
        admin.query(f"CREATE DATABASE {name}")
    try:
        yield ScratchDatabase(vendor, _url(vendor, params), params)
    finally:
        drop = f"DROP DATABASE IF EXISTS {name}" + (" WITH (FORCE)" if vendor == "postgresql" else "")
        admin.query(drop)
