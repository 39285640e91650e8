"""Schema helpers so the published schema describes the envelope and every status truthfully."""

from typing import Any

from drf_yasg import openapi
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    400: "Invalid input; `errors` names each field.",
    401: "Missing, invalid or expired access token.",
    403: "Not allowed.",
    404: "Not found (another owner's customer looks exactly like a missing one).",
    405: "Method not allowed.",
    409: "Conflicts with existing data (or an Idempotency-Key reused with a different body).",
    412: "If-Match names a version that is no longer current; reload and retry.",
    413: "Request body too large.",
    415: "Unsupported media type; send application/json.",
    429: "Too many requests; see Retry-After.",
    500: "Unexpected error; the message names the request id.",
    503: (
        "A dependency (database or cache) is unavailable, read-only or full: code "
        "`service_unavailable`, with `Retry-After`; readiness names it in `errors[].field`."
    ),
}

# Any operation may meet an outage of the database or the cache (503).
AUTHENTICATED_ERRORS = (401, 405, 413, 415, 429, 500, 503)
ANONYMOUS_ERRORS = (405, 413, 415, 429, 500, 503)


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()

    class Meta:
        ref_name = "ErrorItem"


class FailureEnvelopeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["Failure"])
    message = serializers.CharField()
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]
    data = serializers.CharField(allow_null=True, help_text="Always null on failure.")  # type: ignore[assignment]

    class Meta:
        ref_name = "FailureEnvelope"


LIMIT_OFFSET_PARAMETERS = [
    openapi.Parameter(
        "limit",
        openapi.IN_QUERY,
        description="Page size (default 20; values above 100 are served as 100).",
        type=openapi.TYPE_INTEGER,
        minimum=1,
    ),
    openapi.Parameter(
        "offset",
        openapi.IN_QUERY,
        description="How many customers to skip.",
        type=openapi.TYPE_INTEGER,
        minimum=0,
    ),
]

CURSOR_PARAMETERS = [
    openapi.Parameter(
        "cursor",
        openapi.IN_QUERY,
        description=(
            "Keyset pagination: an opaque cursor taken from a page's `next` or `previous` link. "
            "An empty value starts at the newest. In this mode `data` is "
            "`{next, previous, results}` without `count`, `offset` is ignored, and every page "
            "costs the same however deep it is. A cursor that was not issued by the API is a 400 "
            "naming `cursor`."
        ),
        type=openapi.TYPE_STRING,
    ),
    openapi.Parameter(
        "pagination",
        openapi.IN_QUERY,
        description="`cursor` starts a keyset walk at the newest; `offset` (the default) is limit/offset.",
        type=openapi.TYPE_STRING,
        enum=["offset", "cursor"],
    ),
]

_envelopes: dict[str, type[serializers.Serializer]] = {}


def success_envelope_for(
    data_serializer: type[serializers.Serializer] | None, name: str, *, many: bool = False
) -> type[serializers.Serializer]:
    """A serializer class describing `{status, message, errors, data}` with `data` shaped
    by `data_serializer` (or null when it is None)."""
    if name in _envelopes:
        return _envelopes[name]
    data_field: Any
    if data_serializer is None:
        data_field = serializers.CharField(allow_null=True, help_text="Always null here.")
    else:
        data_field = data_serializer(many=many)
    attrs = {
        "status": serializers.ChoiceField(choices=["Success"]),
        "message": serializers.CharField(),
        "errors": ErrorItemSerializer(many=True, help_text="Always empty on success."),
        "data": data_field,
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    envelope = type(name, (serializers.Serializer,), attrs)
    _envelopes[name] = envelope
    return envelope


def paginated(item_serializer: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    attrs = {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item_serializer(many=True),
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    return type(name, (serializers.Serializer,), attrs)


def paginated_two_modes(
    item_serializer: type[serializers.Serializer], name: str
) -> type[serializers.Serializer]:
    """A page in limit/offset mode (with `count`) or keyset mode (without). Swagger 2.0 has
    no `oneOf`, so one schema describes both, with `count` optional."""
    attrs = {
        "count": serializers.IntegerField(
            required=False, help_text="Total in limit/offset mode; absent in cursor mode."
        ),
        "next": serializers.URLField(allow_null=True, help_text="The older page, or null at the end."),
        "previous": serializers.URLField(allow_null=True, help_text="The newer page, or null at the start."),
        "results": item_serializer(many=True),
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    return type(name, (serializers.Serializer,), attrs)


def responses(
    success_status: int,
    envelope: type[serializers.Serializer],
    *error_statuses: int,
    authenticated: bool = True,
    success_headers: dict[str, str] | None = None,
) -> dict[int, Any]:
    """The `responses` argument of `swagger_auto_schema`: the success envelope (with the headers
    it always carries, name → description) plus a failure envelope for each status the
    operation can answer."""
    statuses = set(error_statuses) | set(AUTHENTICATED_ERRORS if authenticated else ANONYMOUS_ERRORS)
    documented: dict[int, Any] = {success_status: envelope}
    if success_headers:
        headers = {
            name: openapi.Schema(type=openapi.TYPE_STRING, description=description)
            for name, description in success_headers.items()
        }
        documented[success_status] = openapi.Response("Success", envelope, headers=headers)
    for status in sorted(statuses):
        documented[status] = openapi_response(status)
    return documented


def openapi_response(status: int) -> Any:
    return openapi.Response(ERROR_DESCRIPTIONS[status], FailureEnvelopeSerializer)
