"""Schema helpers so the published schema describes the envelope and every status truthfully."""

from typing import Any

from drf_yasg import openapi
from rest_framework import serializers

from common.cursors import MAX_CURSOR_LENGTH
from common.error_codes import ERROR_CODES
from common.pagination import MAX_OFFSET

ERROR_DESCRIPTIONS = {
    400: "Invalid input; `errors` names each field.",
    401: "Missing, invalid or expired access token.",
    403: (
        "Not allowed. With an API key: `insufficient_scope` for a read-only key's write, "
        "`permission_denied` where keys are not accepted (the account, the keys themselves)."
    ),
    404: "Not found (another owner's customer looks exactly like a missing one).",
    405: "Method not allowed.",
    409: "Conflicts with existing data (or an Idempotency-Key reused with a different body).",
    412: "If-Match names a version that is no longer current; reload and retry.",
    413: "Request body too large.",
    414: "Request line (path and query) over 4 KB.",
    415: "Unsupported media type; send application/json.",
    429: "Too many requests; see Retry-After.",
    500: "Unexpected error; the message names the request id.",
    503: (
        "A dependency (database or cache) is unavailable, read-only or full: code "
        "`service_unavailable`, with `Retry-After`; readiness names it in `errors[].field`."
    ),
}

# Any operation may meet an outage of the database or the cache (503).
AUTHENTICATED_ERRORS = (401, 405, 413, 414, 415, 429, 500, 503)
ANONYMOUS_ERRORS = (405, 413, 414, 415, 429, 500, 503)


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The field, parameter or header at fault; null for the request as a whole."
    )
    code = serializers.ChoiceField(
        choices=list(ERROR_CODES),
        help_text="Machine-readable; the README's error code table says what each means.",
    )
    message = serializers.CharField(help_text="For people; may change between releases.")

    class Meta:
        ref_name = "ErrorItem"


class FailureEnvelopeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["Failure"])
    message = serializers.CharField()
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]
    data = serializers.JSONField(allow_null=True, help_text="Always null on failure.")  # type: ignore[assignment]

    class Meta:
        ref_name = "FailureEnvelope"


LIMIT_OFFSET_PARAMETERS = [
    openapi.Parameter(
        "limit",
        openapi.IN_QUERY,
        description="Page size (default 20; values above 100 are served as 100).",
        type=openapi.TYPE_INTEGER,
        minimum=1,
        maximum=MAX_OFFSET,
    ),
    openapi.Parameter(
        "offset",
        openapi.IN_QUERY,
        description="How many customers to skip.",
        type=openapi.TYPE_INTEGER,
        minimum=0,
        maximum=MAX_OFFSET,
    ),
]

CURSOR_PARAMETERS = [
    openapi.Parameter(
        "cursor",
        openapi.IN_QUERY,
        description=(
            "Keyset pagination: a page's `next_cursor` or `previous_cursor`, as it is. An empty "
            "value starts at the first page. In this mode `data` has no `count`, `offset` is "
            "ignored, and every page costs the same however deep it is. A cursor is valid for the "
            "ordering it was issued with; one that was not issued by the API for this ordering is "
            "a 400 naming `cursor`."
        ),
        type=openapi.TYPE_STRING,
        maxLength=MAX_CURSOR_LENGTH,
        allowEmptyValue=True,
    ),
    openapi.Parameter(
        "pagination",
        openapi.IN_QUERY,
        description=(
            "`cursor` starts a keyset walk at the first page; `offset` (the default, also when "
            "empty) is limit/offset."
        ),
        type=openapi.TYPE_STRING,
        enum=["offset", "cursor"],
        allowEmptyValue=True,
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
        "errors": ErrorItemSerializer(many=True),
        "data": data_field,
        "Meta": type("Meta", (), {"ref_name": name}),
    }
    envelope = type(name, (serializers.Serializer,), attrs)
    _envelopes[name] = envelope
    return envelope


def _page_fields(item_serializer: type[serializers.Serializer]) -> dict[str, Any]:
    return {
        "count": serializers.IntegerField(
            min_value=0, required=False, help_text="Total in limit/offset mode; absent in cursor mode."
        ),
        "has_more": serializers.BooleanField(help_text="Whether a page follows this one."),
        "next": serializers.URLField(
            allow_null=True, help_text="The following page's URL, or null at the end."
        ),
        "previous": serializers.URLField(
            allow_null=True, help_text="The preceding page's URL, or null at the start."
        ),
        "next_cursor": serializers.CharField(
            allow_null=True,
            help_text="Cursor mode: send as `cursor` for the following page; null at the end and in limit/offset mode.",
        ),
        "previous_cursor": serializers.CharField(
            allow_null=True,
            help_text="Cursor mode: send as `cursor` for the preceding page; null at the start and in limit/offset mode.",
        ),
        "results": item_serializer(many=True),
    }


def paginated(item_serializer: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """A page in either mode (limit/offset with `count`, or cursor without). Swagger 2.0 has no
    `oneOf`, so one schema describes both, with `count` optional."""
    attrs = {**_page_fields(item_serializer), "Meta": type("Meta", (), {"ref_name": name})}
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
