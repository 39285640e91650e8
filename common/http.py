"""Response headers every dynamic response gets."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response of the app itself (API answers, pages,
    exports: they carry personal data, tokens or CSRF tokens), unless a view chose its own
    caching. Static files are answered before this runs (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
