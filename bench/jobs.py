"""Background jobs, measured: an import of N rows sent to `POST /api/v1/customers/import/jobs/`
and an export of N customers (`POST /api/v1/customers/export/jobs/`, then the download), run by
the real worker (`manage.py db_worker`), through gunicorn, on a fresh database (`make bench-jobs`).

    .venv/bin/python bench/jobs.py                         # 10,000 and 100,000 rows each, SQLite
    .venv/bin/python bench/jobs.py --postgres postgres://postgres@127.0.0.1/postgres  # exports to 1,000,000
    .venv/bin/python bench/jobs.py --rows 2000 --export-rows 2000                       # a quick look

For each size: a fresh database (and a fresh worker), the file uploaded as a job, the job polled
until it ends. Reports the worker's rows per second (the job's own started → finished time and
the wall time from upload to done) and the worker's peak resident memory (VmHWM) before and
after, which must stay flat as the file grows: the import reads one row at a time and stores
1,000 per INSERT. With `--postgres URL`, each size gets its own database on that server.
Prints a Markdown table, then the figures as JSON.
"""

import argparse
import json
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.server import BIN, RunningApp, manage, serve


def write_csv(path: Path, rows: int, first: int = 2_000_000) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("first_name,last_name,phone_number,date_of_birth\n")
        for n in range(rows):
            out.write(f"Name,Person,+1415{first + n:07d},1990-01-02\n")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def post_file(app: RunningApp, path: str, token: str, file: Path, fields: dict[str, str]) -> tuple[int, dict]:
    boundary = "bench" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + file.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        app.base + path,
        data=b"".join(parts),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        return answer.status, json.loads(answer.read())


@contextmanager
def database(postgres: str | None, name: str) -> Iterator[str]:
    if postgres is None:
        with tempfile.TemporaryDirectory(prefix="cma-jobs-bench-") as workdir:
            yield f"sqlite:///{Path(workdir) / 'db.sqlite3'}"
        return
    import psycopg

    base, _, _ = postgres.rpartition("/")
    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}".encode())
        admin.execute(f"CREATE DATABASE {name}".encode())
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


@contextmanager
def app_and_worker(database_url: str, files: Path) -> Iterator[tuple[RunningApp, subprocess.Popen[bytes]]]:
    extra = {"JOB_FILES_DIR": str(files), "LOG_LEVEL": "WARNING", "EMAIL_URL": "memorymail://"}
    log = files.parent / f"{files.name}-worker.log"
    with serve(workers=2, database_url=database_url, extra_env=extra) as app, log.open("wb") as out:
        worker = subprocess.Popen(
            [str(BIN / "python"), "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
            env=app.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while "Starting worker" not in log.read_text(errors="replace"):  # Django is loaded
            if time.monotonic() > deadline or worker.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace"))
            time.sleep(0.1)
        try:
            yield app, worker
        finally:
            worker.terminate()
            worker.wait(timeout=60)


def wait_for_job(app: RunningApp, token: str, location: str, timeout: float = 3600) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = app.request("GET", location, token=token).body["data"]
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise TimeoutError(location)


def measure_import(rows: int, postgres: str | None, workdir: Path) -> dict[str, Any]:
    csv_path = workdir / f"import-{rows}.csv"
    write_csv(csv_path, rows)
    with (
        database(postgres, f"cma_jobs_bench_{rows}") as url,
        app_and_worker(url, workdir / f"files-{rows}") as (
            app,
            worker,
        ),
    ):
        token = app.register_and_login(f"jobs-{rows}@example.com")
        idle_mb = peak_rss_mb(worker.pid)
        sent = time.perf_counter()
        status, answer = post_file(app, "/api/v1/customers/import/jobs/", token, csv_path, {})
        assert status == 202, answer
        job = wait_for_job(app, token, f"/api/v1/jobs/{answer['data']['id']}/")
        wall = time.perf_counter() - sent
        assert job["state"] == "succeeded", job
        assert job["result"]["created"] == rows, job["result"]
        from datetime import datetime

        seconds = (
            datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["started_at"])
        ).total_seconds()
        return {
            "what": "import",
            "rows": rows,
            "file_mb": round(csv_path.stat().st_size / 1e6, 1),
            "job_seconds": round(seconds, 1),
            "wall_seconds": round(wall, 1),
            "rows_per_second": round(rows / seconds),
            "worker_idle_peak_mb": round(idle_mb, 1),
            "worker_peak_mb": round(peak_rss_mb(worker.pid), 1),
        }


def measure_export(rows: int, postgres: str | None, workdir: Path) -> dict[str, Any]:
    name = f"cma_jobs_bench_export_{rows}"
    with (
        database(postgres, name) as url,
        app_and_worker(url, workdir / f"export-files-{rows}") as (app, worker),
    ):
        email = f"export-{rows}@example.com"
        token = app.register_and_login(email)
        manage(app.env, "seed_customers", "--owner", email, "--count", str(rows))
        idle_mb = peak_rss_mb(worker.pid)
        sent = time.perf_counter()
        answer = app.request("POST", "/api/v1/customers/export/jobs/", token=token)
        assert answer.status == 202, answer.body
        job = wait_for_job(app, token, f"/api/v1/jobs/{answer.body['data']['id']}/")
        wall = time.perf_counter() - sent
        assert job["state"] == "succeeded" and job["result"]["rows"] == rows, job
        with urllib.request.urlopen(app.base + job["result"]["download_url"], timeout=600) as download:
            size = sum(len(chunk) for chunk in iter(lambda: download.read(1 << 20), b""))
        return {
            "what": "export",
            "rows": rows,
            "file_mb": round(size / 1e6, 1),
            "job_seconds": round(_job_seconds(job), 1),
            "wall_seconds": round(wall, 1),
            "rows_per_second": round(rows / _job_seconds(job)),
            "worker_idle_peak_mb": round(idle_mb, 1),
            "worker_peak_mb": round(peak_rss_mb(worker.pid), 1),
        }


def _job_seconds(job: dict[str, Any]) -> float:
    from datetime import datetime

    return (
        datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["started_at"])
    ).total_seconds()


def main() -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", default="10000,100000", help="comma-separated import sizes (rows)")
    parser.add_argument(
        "--export-rows",
        default=None,
        help="comma-separated export sizes (default 10,000 and 100,000; 1,000,000 with --postgres)",
    )
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL to create the databases on")
    args = parser.parse_args()
    export_rows = args.export_rows or ("10000,1000000" if args.postgres else "10000,100000")
    results = []
    with tempfile.TemporaryDirectory(prefix="cma-jobs-bench-") as workdir:
        for rows in filter(None, args.rows.split(",")):
            results.append(measure_import(int(rows), args.postgres, Path(workdir)))
        for rows in filter(None, export_rows.split(",")):
            results.append(measure_export(int(rows), args.postgres, Path(workdir)))
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"| job ({backend}) | rows | file | job time | upload → done | rows/s | worker peak RSS idle → after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['what']} | {r['rows']:,} | {r['file_mb']} MB | {r['job_seconds']} s | {r['wall_seconds']} s "
            f"| {r['rows_per_second']:,} | {r['worker_idle_peak_mb']} → {r['worker_peak_mb']} MB |"
        )
    print(json.dumps(results))
    return results


if __name__ == "__main__":
    main()
