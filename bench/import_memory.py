"""Import memory: the peak resident memory of a process that imports a CSV of N customers.

    .venv/bin/python bench/import_memory.py                    # 10,000 and 100,000 rows (make bench)
    .venv/bin/python bench/import_memory.py --rows 5000,20000  # the CI test's sizes

Each size runs in a fresh process (`manage.py import_customers` on a fresh SQLite database,
production settings), which reports its peak RSS before and after the import: the difference is
what the import itself held at its worst, as a gunicorn worker would. Prints a Markdown table.
"""

import argparse
import json
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.production import production_env
from tests.support.server import manage

OWNER = "import-bench@example.com"
# Runs inside the measured process: Django set up, then the command, then the peaks.
MEASURE = """
import json, resource, sys, time
import django
django.setup()
from django.core.management import call_command
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
call_command("import_customers", "--owner", sys.argv[1], sys.argv[2], "--no-progress")
elapsed = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rss_before_kb": before, "rss_peak_kb": after, "seconds": elapsed}))
"""


def write_csv(path: Path, rows: int, first: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("first_name,last_name,phone_number,date_of_birth\n")
        for n in range(rows):
            out.write(f"Name,Person,+1415{first + n:07d},1990-01-02\n")


def measure(rows: int, workdir: Path) -> dict[str, Any]:
    env = production_env(
        database_url=f"sqlite:///{workdir / f'import-{rows}.sqlite3'}",
        behind_tls_proxy=False,
        inherit_environ=True,
        log_format="text",
        LOG_LEVEL="WARNING",
        CUSTOMER_IMPORT_MAX_ROWS=str(rows),
        CUSTOMER_IMPORT_MAX_BYTES=str(rows * 64 + 1024),
    )
    manage(env, "migrate", "--no-input", "-v", "0")
    create_owner = (
        "from users.models import User; "
        f"User.objects.create_user(email='{OWNER}', password='{secrets.token_urlsafe(16)}', first_name='B')"
    )
    manage(env, "shell", "--no-imports", "-c", create_owner)
    csv_path = workdir / f"import-{rows}.csv"
    write_csv(csv_path, rows, 2_000_000)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, OWNER, str(csv_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["rows"] = rows
    figures["import_mb"] = round((figures["rss_peak_kb"] - figures["rss_before_kb"]) / 1024, 1)
    figures["file_mb"] = round(csv_path.stat().st_size / 1e6, 1)
    return figures


def main() -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", default="10000,100000", help="comma-separated file sizes (rows)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cma-import-bench-") as workdir:
        results = [measure(int(rows), Path(workdir)) for rows in args.rows.split(",")]
    print("| rows | file | peak RSS held by the import | process peak RSS | time |")
    print("|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['rows']:,} | {r['file_mb']} MB | {r['import_mb']} MB | {r['rss_peak_kb'] / 1024:.0f} MB "
            f"| {r['seconds']:.1f} s |"
        )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
