from typing import Any, cast

from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class BaseApi(APIView):
    """Base of every API class. The envelope renderer wraps what `respond` returns and the
    exception handler shapes every error, so subclasses only say what happened."""

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
