from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import JSONRenderer

from common.envelope import success_envelope

_DEFAULT_MESSAGES = {200: "OK", 201: "Created", 202: "Accepted"}


class EnvelopeJSONRenderer(JSONRenderer):
    """Wraps successful API data in the envelope; errors arrive already shaped by the
    exception handler (and are marked so)."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        response = (renderer_context or {}).get("response")
        if response is not None and not getattr(response, "is_enveloped", False):
            message = getattr(response, "envelope_message", None) or _DEFAULT_MESSAGES.get(
                response.status_code, "OK"
            )
            data = success_envelope(data, message)
        return super().render(data, accepted_media_type, renderer_context)
