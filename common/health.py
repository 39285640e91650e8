"""Probes for orchestrators and load balancers.

Liveness (`health-check/`) proves the process answers and touches nothing else, so a slow
database never gets healthy app servers restarted. Readiness (`health-check/ready/`) proves
this server can do real work: the database answers a query and the cache stores and returns
a value; a load balancer should send traffic only to servers that are ready.
"""

import json
import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
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


def database_is_ready() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception as error:  # any driver error means "not ready"
        logger.warning("Readiness: database check failed (%s)", type(error).__name__)
        return False


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
    """Readiness: the database answers `SELECT 1` and passes the apps' checks (the customers'
    count triggers are installed), and the cache round-trips a value."""

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
        database_ready = database_is_ready()
        failing = [
            ErrorDetail(field=name, code="unavailable", message=f"The {name} is unavailable.")
            for name, ready in (("database", database_ready), ("cache", cache_is_ready()))
            if not ready
        ]
        if database_ready:
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
