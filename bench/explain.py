"""Print the query plans of the list reads, on the database DATABASE_URL points at.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cma_bench .venv/bin/python bench/explain.py

Uses the bench owner (or --owner) and the exact SQL the repository runs (hot_reads):
EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite, EXPLAIN on MariaDB.
"""

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "CustomerManagementApp.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django

django.setup()

from django.db import connection

from customers.repositories import hot_reads
from users.models import User


def explain(title: str, sql: str, params: list[Any]) -> None:
    prefix = {
        "postgresql": "EXPLAIN (ANALYZE, BUFFERS) ",
        "sqlite": "EXPLAIN QUERY PLAN ",
    }.get(connection.vendor, "EXPLAIN ")
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    print(f"\n-- {title}\n{sql}")
    for row in rows:
        print("   ", " | ".join(str(value) for value in row))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--owner", default="bench-owner@example.com")
    args = parser.parse_args()
    owner = User.objects.get(email=args.owner).pk
    total = hot_reads.active_count(owner)
    deep = hot_reads.page_rows(owner, max(total - 100, 0), 1)[0]
    created_at = connection.ops.adapt_datetimefield_value(deep["created_at"])
    statements = hot_reads.statements()
    print(f"{connection.vendor}, owner {owner}, {total:,} active customers")
    explain("count (offset mode)", statements["count"], [owner])
    explain("offset page 1", statements["page"], [owner, True, 21, 0])
    explain(
        f"offset {total - 100:,} as the repository reads it: from the oldest end, offset 80",
        statements["page_from_oldest"],
        [owner, True, 20, 80],
    )
    explain(
        f"offset {total - 100:,} read from the newest end (OFFSET walks it)",
        statements["page"],
        [owner, True, 20, max(total - 100, 0)],
    )
    mid = total // 2
    explain(
        f"offset {mid:,} (the middle: the farthest from both ends)",
        statements["page"],
        [owner, True, 20, mid],
    )
    explain("cursor page 1", statements["first"], [owner, True, 21])
    deep_params = [owner, True, created_at, created_at, created_at, deep["id"], 21]
    explain(f"cursor after row {total - 100:,}", statements[hot_reads.OLDER], deep_params)
    explain(f"cursor before row {total - 100:,}", statements[hot_reads.NEWER], deep_params)
    explain("retrieve one customer", statements["one"], [owner, True, deep["id"]])
    born = connection.ops.adapt_datefield_value(deep["date_of_birth"])
    explain(
        "possible duplicates after a create",
        statements["same_person"],
        [owner, True, "ada lovelace", born, 0, 10],
    )


if __name__ == "__main__":
    main()
