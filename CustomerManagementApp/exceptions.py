"""Every API error becomes one envelope. Application errors get their status from the one
table in `common.error_mapping`; framework errors keep theirs; an outage of the database or the
cache is a 503 with `Retry-After` (on the pages too); anything else is a 500 that names only the
request id."""

import logging
import sys
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_default_handler

from common.envelope import failure_envelope
from common.error_mapping import http_status_for, outage_for
from common.exceptions import ApplicationError, ErrorDetail, ServiceUnavailable, TooManyRequests
from common.request_context import current_request_id

logger = logging.getLogger(__name__)

GENERIC_500_MESSAGE = "An unexpected error occurred."


def _flatten(detail: Any, field: str | None = None) -> Iterable[ErrorDetail]:
    """DRF's nested error detail → flat {field, code, message} items, dotted field paths."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "detail") else str(key)
            yield from _flatten(value, f"{field}.{name}" if field and name else (name or field))
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, field)
    else:
        code = getattr(detail, "code", None) or "invalid"
        yield ErrorDetail(field=field, code=str(code), message=str(detail))


def _enveloped(
    status: int, message: str, errors: Iterable[ErrorDetail], headers: dict[str, str] | None = None
) -> Response:
    response = Response(failure_envelope(message, errors), status=status, headers=headers)
    response.is_enveloped = True  # type: ignore[attr-defined]
    return response


def _server_error_detail() -> tuple[str, list[ErrorDetail]]:
    request_id = current_request_id()
    message = f"{GENERIC_500_MESSAGE} Reference: {request_id}"
    return message, [ErrorDetail(field=None, code="server_error", message=message)]


def retry_after_header() -> dict[str, str]:
    from django.conf import settings

    return {"Retry-After": str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)}


def _log_outage(outage: ServiceUnavailable, exc: BaseException) -> None:
    # One line, no traceback: during an outage every request lands here.
    logger.warning("Dependency unavailable: %s (%s: %s)", outage.field, type(exc).__name__, exc)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    outage = outage_for(exc)
    if outage is not None:
        _log_outage(outage, exc)
        exc = outage
    if isinstance(exc, ApplicationError):
        headers: dict[str, str] | None = None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        elif isinstance(exc, ServiceUnavailable):
            headers = retry_after_header()
        return _enveloped(http_status_for(exc), exc.message, exc.details, headers)
    if isinstance(exc, RequestDataTooBig):
        message = "The request body is too large."
        return _enveloped(413, message, [ErrorDetail(None, "too_large", message)])
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()

    if isinstance(exc, drf.APIException):
        framework_response = drf_default_handler(exc, context)
        headers = {
            name: value
            for name, value in (framework_response.headers.items() if framework_response else [])
            if name in ("WWW-Authenticate", "Retry-After", "Allow")
        }
        if isinstance(exc, drf.ValidationError):
            message = "Validation failed"
            errors = list(_flatten(exc.detail))
        elif isinstance(exc.detail, dict) and "detail" in exc.detail:
            # simplejwt's token errors: {"detail", "code", "messages"}
            message = str(exc.detail["detail"])
            code = str(exc.detail.get("code") or exc.default_code)
            errors = [ErrorDetail(None, code, message)]
        else:
            errors = list(_flatten(exc.detail))
            message = errors[0].message if errors else str(exc.default_detail)
        return _enveloped(exc.status_code, message, errors, headers)

    logger.exception("Unhandled error in API view %s", type(context.get("view")).__name__)
    message, errors = _server_error_detail()
    return _enveloped(500, message, errors)


# --- Errors raised outside DRF views (unknown paths, middleware, the pages) -----------------


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error_response(
    request: HttpRequest,
    status: int,
    message: str,
    code: str,
    errors: list[ErrorDetail] | None = None,
    template: str | None = None,
) -> HttpResponse:
    if _is_api(request):
        if status == 500:
            message, errors = _server_error_detail()
        return JsonResponse(
            failure_envelope(message, errors or [ErrorDetail(None, code, message)]), status=status
        )
    context: dict[str, Any] = {"status": status, "message": message, "request_id": current_request_id()}
    if status == 503:
        # The session, the signed-in user and flash messages all live in the database: the
        # outage page must render without reading them, and so must every context processor.
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        context.update(user=request.user, messages=[])
    return render(request, template or f"{status}.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_response(request, 400, "Bad request.", "bad_request")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_response(request, 403, "You do not have permission to view this page.", "permission_denied")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_response(request, 404, "Not found.", "not_found")


def uri_too_long(request: HttpRequest) -> HttpResponse:
    message = "The request line is too long: keep the path and query under 4 KB."
    return _error_response(request, 414, message, "uri_too_long", template="400.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500, called while the uncaught exception is being handled: an outage
    (raised in middleware, a page view, or session and message storage) answers 503 instead."""
    handled = sys.exc_info()[1]
    outage = outage_for(handled) if handled is not None else None
    if outage is None or handled is None:
        return _error_response(request, 500, GENERIC_500_MESSAGE, "server_error")
    _log_outage(outage, handled)
    response = _error_response(request, 503, outage.message, outage.code, outage.details)
    for name, value in retry_after_header().items():
        response[name] = value
    return response


def upload_too_large(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    message = f"The upload is larger than the {settings.UPLOAD_MAX_BYTES // 1024} KB this app accepts."
    return _error_response(request, 413, message, "too_large")


def _wait_in_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """django-axes calls this once a login attempt is refused (users/lockout.py says which rule
    and until when). It says when the user can try again, in words and in `Retry-After`, and
    reads the same whether or not the account exists."""
    from django.conf import settings

    refusal = getattr(request, "login_refusal", None)
    now = timezone.now()
    seconds = refusal.retry_after_seconds(now) if refusal else int(settings.AXES_COOLOFF_TIME.total_seconds())
    retry_at = timezone.localtime(now + timedelta(seconds=seconds))
    message = (
        f"Too many failed login attempts. You can try again in {_wait_in_words(seconds)}"
        f" (at {retry_at:%H:%M} {retry_at.tzname()})."
    )
    if _is_api(request):
        response: HttpResponse = JsonResponse(
            failure_envelope(message, [ErrorDetail(None, "locked_out", message)]), status=429
        )
    else:
        context = {"message": message, "retry_at": retry_at, "request_id": current_request_id()}
        response = render(request, "users/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
