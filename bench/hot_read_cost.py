"""What one list page costs in Python: the hand statement of `hot_reads` against the plain ORM
(`values()` with the same filter and order) and `QuerySet.raw()` with the same SQL, in one
process, interleaved, best of 7 rounds. The measurement behind keeping the constant SQL.

    .venv/bin/python bench/hot_read_cost.py                # SQLite in a temp dir, 3,000 customers
    DATABASE_URL=postgres://... .venv/bin/python bench/hot_read_cost.py --count 10000
"""

import argparse
import io
import os
import secrets
import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OWNER = "hot-read-cost@example.com"

from tests.support.production import production_env

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--count", type=int, default=3000, help="customers to seed (default 3000)")
parser.add_argument("--calls", type=int, default=500, help="calls per round (7 rounds)")
ARGS = parser.parse_args()
_database_url = os.environ.get("DATABASE_URL") or (
    f"sqlite:///{Path(tempfile.mkdtemp(prefix='cma-hot-read-')) / 'db.sqlite3'}"
)
os.environ.update(
    production_env(
        database_url=_database_url,
        behind_tls_proxy=False,
        inherit_environ=True,
        log_format="text",
        LOG_LEVEL="WARNING",
    )
)

import django

django.setup()

from django.core.management import call_command

from customers.models import Customer
from customers.repositories import hot_reads
from users.models import User


def main() -> None:
    call_command("migrate", verbosity=0)
    if not User.objects.filter(email=OWNER).exists():
        call_command(
            "seed_customers", owner=OWNER, password=secrets.token_urlsafe(16), count=ARGS.count,
            seed=1, no_progress=True, stdout=io.StringIO(),
        )  # fmt: skip
    owner = User.objects.get(email=OWNER).pk
    columns = hot_reads.COLUMNS
    sql = hot_reads.statements()["page"]

    def hand() -> list[dict]:
        return hot_reads.page_rows(owner, 0, 21)

    def orm() -> list[dict]:
        rows = Customer.objects.filter(owner_id=owner, is_active=True).order_by("-created_at", "-id")
        return list(rows.values(*columns)[:21])

    def raw() -> list[dict]:
        rows = Customer.objects.raw(sql, [owner, True, 21, 0])
        return [{name: getattr(row, name) for name in columns} for row in rows]

    assert hand() == orm() == raw(), "the three reads disagree"
    best = dict.fromkeys(("hand statement", "ORM values()", "QuerySet.raw()"), float("inf"))
    for _ in range(7):
        for name, read in zip(best, (hand, orm, raw), strict=True):
            best[name] = min(best[name], timeit.timeit(read, number=ARGS.calls) / ARGS.calls)
    print("| read of a 21-row page | µs per call | × hand statement |\n|---|---:|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds * 1e6:,.0f} | {seconds / best['hand statement']:.1f} |")


if __name__ == "__main__":
    main()
