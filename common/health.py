"""Probes for orchestrators and load balancers.

Liveness (`health-check/`) proves the process answers and touches nothing else, so a slow
database never gets healthy app servers restarted. Readiness (`health-check/ready/`) proves
this server can do real work: the database answers a query and can take writes (it is not a
standby, not read-only, not out of disk), and the cache stores and returns a value; a load
balancer should send traffic only to servers that are ready. No check writes user data: the
database checks read the server's state, and on PostgreSQL make the server spill one small
sort to a temporary file, which it deletes at once (see `_postgresql_disk_problem`).
"""

import json
import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from drf_yasg.utils import swagger_auto_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import PublicApi
from common.api_docs import responses, success_envelope_for
from common.envelope import success_envelope
from common.exceptions import ErrorDetail, ServiceUnavailable

logger = logging.getLogger(__name__)


class HealthSerializer(serializers.Serializer):
    alive = serializers.BooleanField()

    class Meta:
        ref_name = "Health"


class ReadinessSerializer(serializers.Serializer):
    database = serializers.ChoiceField(choices=["ok"])
    cache = serializers.ChoiceField(choices=["ok"])

    class Meta:
        ref_name = "Readiness"


class HealthCheckApi(PublicApi):
    """Liveness: answers without touching the database or the cache (so no throttle either)."""

    throttle_classes: list[type] = []

    @swagger_auto_schema(
        operation_summary="Liveness probe",
        responses=responses(
            200, success_envelope_for(HealthSerializer, "HealthEnvelope"), authenticated=False
        ),
        security=[],
        tags=["health"],
    )
    def get(self, request: Request) -> Response:
        return self.respond({"alive": True}, message="OK")


# What readiness reports per dependency: None when it can do real work, else a code.
UNAVAILABLE, READ_ONLY, OUT_OF_DISK = "service_unavailable", "read_only", "out_of_disk"
_PROBLEM_MESSAGES = {
    UNAVAILABLE: "The {name} is unavailable.",
    READ_ONLY: "The {name} is read-only: changes cannot be saved.",
    OUT_OF_DISK: "The {name} is out of disk space: changes cannot be saved.",
}

# One query per backend that answers "can this session write?" without writing anything.
_READ_ONLY_QUERIES = {
    # A standby in recovery, or default_transaction_read_only (database, role or server).
    "postgresql": "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'",
    # read_only (super_read_only implies it); the session variable differs between MySQL and MariaDB.
    "mysql": "SELECT @@global.read_only = 1",
}


def _sqlite_problem(path: str) -> str | None:
    """SQLite writes the database file and, beside it, its journal: both must be writable, and
    the file system must have room (READINESS_MIN_FREE_MB)."""
    if path == ":memory:" or path.startswith("file:"):
        return None
    database = Path(path)
    if not os.access(database, os.W_OK) or not os.access(database.parent, os.W_OK):
        return READ_ONLY
    disk = os.statvfs(database.parent)
    if disk.f_bavail * disk.f_frsize < settings.READINESS_MIN_FREE_MB * 1024 * 1024:
        return OUT_OF_DISK
    return None


# PostgreSQL's SQLSTATE for "no space left on device" (disk_full, class 53: insufficient resources).
_DISK_FULL_SQLSTATE = "53100"
# With the smallest work_mem PostgreSQL allows, this many rows no longer fit in memory: the
# server writes them to a temporary file (four 8 kB blocks, in the database's temporary
# tablespace, by default inside its data directory) and deletes it when the statement ends.
# 1,500 rows already spill; common/tests/test_readiness_disk_probe.py keeps that true.
_SPILL_ROWS = 2000
_SPILL_QUERY = "SELECT count(*) FROM generate_series(1, %s)"


def _postgresql_disk_problem() -> str | None:
    """PostgreSQL has no SQL function that tells free disk space, and any write to a table would
    be a write of data. So ask the server to do the smallest real write there is: spill a tiny
    result to a temporary file. A full disk fails it with `disk_full` (53100); anything else is
    the server being unavailable. It costs about 1 ms, and leaves nothing behind: no row, no
    catalog entry, no WAL. (It watches the disk that holds temporary files; a `pg_wal` on a
    disk of its own fills unseen until a commit fails, which answers 503 all the same.)"""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64kB'")
            cursor.execute(_SPILL_QUERY, [_SPILL_ROWS])
            cursor.fetchone()
    except DatabaseError as error:
        cause = error.__cause__
        if getattr(cause, "sqlstate", None) == _DISK_FULL_SQLSTATE:
            return OUT_OF_DISK
        logger.warning("Readiness: database disk check failed (%s)", type(error).__name__)
        return UNAVAILABLE
    return None


def database_problem() -> str | None:
    """None when the database answers and takes writes; otherwise what is wrong with it.
    A query of the server's own state; then for SQLite the file's permissions and its disk's
    free space, and for PostgreSQL whether it can still write a temporary file."""
    try:
        with connection.cursor() as cursor:
            query = _READ_ONLY_QUERIES.get(connection.vendor, "SELECT 0")
            cursor.execute(query)
            row = cursor.fetchone()
    except Exception as error:  # any driver error means "not ready"
        logger.warning("Readiness: database check failed (%s)", type(error).__name__)
        return UNAVAILABLE
    if row is None:
        return UNAVAILABLE
    if row[0]:
        return READ_ONLY
    if connection.vendor == "sqlite":
        return _sqlite_problem(str(connection.settings_dict["NAME"]))
    if connection.vendor == "postgresql":
        return _postgresql_disk_problem()
    return None


# Checks other apps add (in their AppConfig.ready) that the database is fit for work, not just
# reachable: each returns None when all is well, else what is wrong. Kept as a registry so that
# `common` knows no app's tables.
_DATABASE_CHECKS: list[Callable[[], str | None]] = []


def register_database_check(check: Callable[[], str | None]) -> None:
    if check not in _DATABASE_CHECKS:
        _DATABASE_CHECKS.append(check)


def database_problems() -> list[str]:
    problems = []
    for check in _DATABASE_CHECKS:
        try:
            problem = check()
        except Exception as error:  # a failing check is a problem, never a 500
            logger.warning("Readiness: database check %s failed (%s)", check.__name__, type(error).__name__)
            problem = "A database check could not run."
        if problem:
            problems.append(problem)
    return problems


def cache_is_ready() -> bool:
    key, value = f"readiness:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        stored = cache.get(key)
        cache.delete(key)
    except Exception as error:  # any client error means "not ready"
        logger.warning("Readiness: cache check failed (%s)", type(error).__name__)
        return False
    return bool(stored == value)


class ReadinessApi(PublicApi):
    """Readiness: the database answers and can take writes (not read-only, not out of disk)
    and passes the apps' checks (the customers' count triggers are installed), and the cache
    round-trips a value."""

    throttle_classes: list[type] = []

    @swagger_auto_schema(
        operation_summary="Readiness probe (database and cache)",
        responses=responses(
            200, success_envelope_for(ReadinessSerializer, "ReadinessEnvelope"), 503, authenticated=False
        ),
        security=[],
        tags=["health"],
    )
    def get(self, request: Request) -> Response:
        database = database_problem()
        problems = (("database", database), ("cache", None if cache_is_ready() else UNAVAILABLE))
        failing = [
            ErrorDetail(field=name, code=code, message=_PROBLEM_MESSAGES[code].format(name=name))
            for name, code in problems
            if code is not None
        ]
        if database != UNAVAILABLE:
            failing += [
                ErrorDetail(field="database", code="incomplete", message=problem)
                for problem in database_problems()
            ]
        if failing:
            raise ServiceUnavailable("Not ready.", details=failing)
        return self.respond({"database": "ok", "cache": "ok"}, message="Ready")


class LivenessMiddleware:
    """Answers `GET`/`HEAD` on the liveness path before the rest of the stack runs.

    A liveness probe only asks "is this process serving?", so it should cost what serving
    costs and nothing more: no session, CSRF, auth or DRF machinery, no database. The body is
    the exact envelope `HealthCheckApi` renders (a test compares them), encoded once; other
    methods fall through to the API view, which also keeps the endpoint in the schema. It sits
    right after the request-id and security middleware, so the answer still carries
    `X-Request-ID`, HSTS and nosniff; it does not validate the Host, so a load balancer may
    probe by address.
    """

    body = json.dumps(success_envelope({"alive": True}, "OK"), separators=(",", ":")).encode()

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        try:
            self.path: str | None = reverse("health-check")
        except NoReverseMatch:  # a URLconf without the probe (some tests swap it)
            self.path = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == self.path and request.method in ("GET", "HEAD"):
            response = HttpResponse(self.body, content_type="application/json")
            response["X-Frame-Options"] = "DENY"
            return response
        return self.get_response(request)
