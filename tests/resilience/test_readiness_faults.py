"""Readiness says 503 when the app cannot write, through gunicorn on SQLite: a database file
made read-only (immutable, so that even root cannot write it) and a disk that is really full
(a small tmpfs filled to the last byte), for SQLite and for a private PostgreSQL whose data
directory is on that tmpfs. Writes meet the same fault as a 503, and both recover without a
restart. (PostgreSQL read-only: tests/resilience/test_outages.py.)"""

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.server import RunningApp, serve
from tests.support.services import PrivatePostgres, missing_binaries

pytestmark = pytest.mark.skipif(
    os.environ.get("CMA_SERVICES") != "1", reason="fault tests run with CMA_SERVICES=1 (CI sets it)"
)

READY = "/api/v1/health-check/ready/"


def create(app: RunningApp, token: str, phone: str) -> int:
    body = {"first_name": "Disk", "phone_number": phone, "date_of_birth": "1990-01-01"}
    return app.request("POST", "/api/v1/customers/", body, token=token).status


def readiness_problem(app: RunningApp) -> tuple[int, list[tuple[str, str]]]:
    answer = app.request("GET", READY)
    return answer.status, [(e["field"], e["code"]) for e in answer.body["errors"]]


def fill(disk: Path) -> Path:
    """Write zeros to a file on `disk` until the file system refuses more (ENOSPC)."""
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 1024 * 1024)
                out.flush()
        except OSError:
            pass  # ENOSPC: the disk is full
    return filler


def mount_small_disk(size: str) -> Iterator[Path]:
    """A tmpfs of `size`: a file system that really runs out of space."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    mount_point = Path(tempfile.mkdtemp(prefix="cma-small-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


@pytest.fixture
def small_disk() -> Iterator[Path]:
    yield from mount_small_disk("24m")


def test_readiness_and_writes_when_the_disk_is_full(small_disk):
    database = small_disk / "db.sqlite3"
    with serve(
        workers=1, database_url=f"sqlite:///{database}", extra_env={"READINESS_MIN_FREE_MB": "2"}
    ) as app:
        token = app.register_and_login("disk@example.com")
        assert readiness_problem(app) == (200, [])
        assert create(app, token, "+14155550101") == 201

        filler = fill(small_disk)
        try:
            assert readiness_problem(app) == (503, [("database", "out_of_disk")])
            statuses = [create(app, token, f"+1415555{n:04d}") for n in range(200, 260)]
            assert 201 not in statuses[-5:], "the disk really is full"
            assert set(statuses) <= {201, 503}, statuses
        finally:
            filler.unlink()

        assert readiness_problem(app) == (200, [])
        assert create(app, token, "+14155550102") == 201


@pytest.fixture
def postgres_on_small_disk() -> Iterator[tuple[PrivatePostgres, Path]]:
    """A private PostgreSQL whose whole data directory (tables, WAL, temporary files) lives on
    a 96 MB tmpfs of its own."""
    missing = missing_binaries()
    if missing:
        pytest.skip(missing)
    for disk in mount_small_disk("96m"):
        if os.geteuid() == 0:
            shutil.chown(disk, "postgres")
        server = PrivatePostgres(workdir=disk)
        server.start()
        try:
            yield server, disk
        finally:
            server.stop()


def test_readiness_and_writes_when_the_postgresql_disk_is_full(postgres_on_small_disk):
    postgres, disk = postgres_on_small_disk
    with serve(workers=1, database_url=postgres.url) as app:
        token = app.register_and_login("pgdisk@example.com")
        assert readiness_problem(app) == (200, [])
        assert create(app, token, "+14155550101") == 201

        filler = fill(disk)
        try:
            assert readiness_problem(app) == (503, [("database", "out_of_disk")])
            # Rows that fit in a table's free space still go in; a write that needs more disk
            # is a 503, never a 500, and readiness keeps saying why.
            statuses = [create(app, token, f"+1415555{n:04d}") for n in range(200, 230)]
            assert set(statuses) <= {201, 503}, statuses
            assert readiness_problem(app) == (503, [("database", "out_of_disk")])
        finally:
            filler.unlink()

        assert readiness_problem(app) == (200, [])
        assert create(app, token, "+14155550102") == 201
        log = (disk / "postgres.log").read_text(errors="replace")
        assert "PANIC" not in log, "the server itself kept running through the full disk"


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    if shutil.which("chattr") is None:
        pytest.skip("no chattr command")
    marked: list[Path] = []
    yield marked
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_readiness_when_the_sqlite_file_is_read_only(tmp_path, immutable):
    database = tmp_path / "db.sqlite3"
    with serve(workers=1, database_url=f"sqlite:///{database}") as app:
        assert readiness_problem(app) == (200, [])
        marked = subprocess.run(["chattr", "+i", str(database)], capture_output=True, check=False)
        if marked.returncode != 0:
            pytest.skip(f"cannot make a file immutable here: {marked.stderr.decode().strip()}")
        immutable.append(database)

        assert readiness_problem(app) == (503, [("database", "read_only")])

        subprocess.run(["chattr", "-i", str(database)], check=True)
        assert readiness_problem(app) == (200, [])
