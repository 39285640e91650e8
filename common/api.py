from typing import Any, cast

from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from common.throttles import rate_limit_headers


class BaseApi(APIView):
    """Base of every API class. The envelope renderer wraps what `respond` returns and the
    exception handler shapes every error, so subclasses only say what happened."""

    # Whether a program's API key (`Authorization: Api-Key …`) may call this view; off unless
    # a view says so, so the account and the keys themselves stay with a signed-in person.
    accepts_api_keys = False

    def get_throttles(self) -> list[Any]:
        # Kept so the response can say how much of each limit is left (DRF asks once per request).
        self._throttles = super().get_throttles()
        return self._throttles

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in rate_limit_headers(getattr(self, "_throttles", [])).items():
            response[name] = value
        return response

    def answered(self, handler: Any, request: Request) -> Response:
        """The handler's response, its errors included as responses (shaped by the API's one
        exception handler), so that an idempotent request can keep them for replay."""
        try:
            response: Response = handler(request)
        except Exception as error:
            return self.handle_exception(error)
        return response

    @staticmethod
    def valid_input(serializer_class: type[Serializer[Any]], request: Request) -> dict[str, Any]:
        """The request body as `serializer_class` checks it; a 400 naming each field otherwise."""
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @staticmethod
    def user_id(request: Request) -> int:
        """The authenticated caller's id (views that call this require authentication)."""
        return cast(int, request.user.pk)

    def respond(
        self,
        data: Any = None,
        *,
        message: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Response:
        response = Response(data, status=status, headers=headers)
        response.envelope_message = message  # type: ignore[attr-defined]
        return response


class PublicApi(BaseApi):
    """An endpoint anyone may call (login, register, health). It still answers a failed
    credential check with 401 and a `WWW-Authenticate` challenge, not DRF's fallback 403."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
