from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from common.request_context import accept_or_create_request_id, request_id_var


class RequestIdMiddleware:
    """Gives every request an id, exposes it to logs and echoes it in `X-Request-ID`."""

    header = "X-Request-ID"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = accept_or_create_request_id(request.headers.get(self.header))
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[self.header] = request_id
        return response
