import logging
import time
from collections.abc import Callable
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from common.request_context import accept_or_create_request_id, request_id_var
from common.uploads import declared_upload_too_large


class RequestIdMiddleware:
    """Gives every request an id, exposes it to logs and echoes it in `X-Request-ID`."""

    header = "X-Request-ID"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_or_create_request_id(request.headers.get(self.header))
        request.request_id = request_id  # type: ignore[attr-defined]  # for lines logged after the response
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[self.header] = request_id
        return response


access_logger = logging.getLogger("CustomerManagementApp.access")


def _known_user_id(request: HttpRequest) -> int | None:
    """The caller's id if authentication already ran; never triggers a session or user query.

    DRF's `Request.user` setter also sets `user` on the Django request it wraps, so after a
    JWT-authenticated API view the plain request carries the API user too.
    """
    user = request.__dict__.get("user")
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    if not getattr(user, "is_authenticated", False):
        return None
    return cast(int, user.pk)


class AccessLogMiddleware:
    """One line per request: method, path (never the query string, which may hold secrets),
    status, duration and the caller's id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user_id = _known_user_id(request)
        access_logger.info(
            "%s %s %s %.1fms user=%s",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            user_id if user_id is not None else "-",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response


class UploadSizeMiddleware:
    """A multipart request whose Content-Length is beyond `UPLOAD_MAX_BYTES` gets a 413 at
    once, before a byte of its body is read (the API's envelope, or the page)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if declared_upload_too_large(request):
            from CustomerManagementApp.exceptions import upload_too_large

            return upload_too_large(request)
        return self.get_response(request)
