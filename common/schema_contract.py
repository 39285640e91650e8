"""The schema generator: drf-yasg's, plus what it cannot see from the views alone, so that the
published contract is what the server does.

- operation ids are identifiers; path ids (`…_id`) are integers, as the routes' `<int:…>` converters take them;
- every response declares the headers the API sends on it: `X-Request-ID` always, the
  `X-RateLimit-*` headers on throttled operations, `Retry-After` on 429, `Idempotent-Replayed`
  where an `Idempotency-Key` is taken, `WWW-Authenticate` on 401 and `Allow` on 405;
- every operation carries examples: its request body's (on the input definition) and, per
  response, a success envelope and each failure envelope, built from the schema itself so an
  example can never disagree with it (a test validates every one).
"""

from typing import Any

import uritemplate
from drf_yasg import openapi
from drf_yasg.generators import OpenAPISchemaGenerator

from common.api_docs import ERROR_DESCRIPTIONS
from common.idempotency import HEADER as IDEMPOTENCY_HEADER
from common.idempotency import REPLAYED_HEADER, REPLAYED_HEADER_DESCRIPTION
from common.throttles import RATE_LIMIT_HEADERS

MAX_ID = 2**63 - 1
REQUEST_ID_DESCRIPTION = "The request's id (yours if you sent a well-formed one), also in the server's logs."

# Sample values by property name, for the examples; anything else is derived from its schema.
_SAMPLES: dict[str, Any] = {
    "first_name": "José",
    "last_name": "O'Brien",
    "full_name": "José O'Brien",
    "phone_number": "+14155550123",
    "date_of_birth": "1990-05-17",
    "age": 36,
    "email": "ada@example.com",
    "username": "ada@example.com",
    "password": "correct-horse-battery-staple",
    "access": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl",
    "refresh": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl",
    "message": "OK",
    "next": "https://cma.example.com/api/v1/customers/?cursor=WyJuIiwiMjAyNi0wMS0xNVQwOTozMDowMFoiLDQyXQ&limit=20",
    "previous": None,
    "next_cursor": "WyJuIiwiMjAyNi0wMS0xNVQwOTozMDowMFoiLDQyXQ",
    "previous_cursor": None,
    "count": 1,
    "has_more": False,
    "row": 2,
    "field": "first_name",
    "old": "Jose",
    "new": "José",
}

# One failure per status: (field, code, message).
_FAILURES: dict[int, tuple[str | None, str, str]] = {
    400: (
        "phone_number",
        "invalid_phone",
        "Enter a valid phone number, in international format (+14155550123).",
    ),
    401: (None, "not_authenticated", "Authentication credentials were not provided."),
    403: (None, "permission_denied", "You do not have permission to perform this action."),
    404: (None, "not_found", "Customer not found."),
    405: (None, "method_not_allowed", 'Method "PATCH" not allowed.'),
    409: ("phone_number", "duplicate", "You already have a customer with this phone number."),
    412: (None, "version_mismatch", "This customer was changed by someone else since you loaded it."),
    413: (None, "too_large", "The request body is too large."),
    414: (None, "uri_too_long", "The request line is too long."),
    415: (None, "unsupported_media_type", 'Unsupported media type "text/plain" in request.'),
    429: (None, "throttled", "Request was throttled. Expected available in 12 seconds."),
    500: (None, "server_error", "An unexpected error occurred. Reference: 5eb018e3a4f84839be23083e5f2cefee"),
    503: ("database", "service_unavailable", "The database is unavailable."),
}


def _declare_security(view: Any, method: str, operation: Any) -> None:
    """The schemes an operation takes: none on a public one, the JWT everywhere else, and an
    API key where the view accepts keys. A key sent where keys are not accepted, or a read-only
    key on a write, is a 403 (integrations.authentication.ApiKeyPolicy)."""
    if not getattr(view, "authentication_classes", True):
        return
    takes_keys = bool(getattr(view, "accepts_api_keys", False))
    operation.security = [{"Bearer": []}, {"ApiKey": []}] if takes_keys else [{"Bearer": []}]
    refused = not takes_keys or method.upper() not in ("GET", "HEAD", "OPTIONS")
    responses = operation.responses
    if refused and "403" not in responses and "401" in responses:
        responses["403"] = openapi.Response(ERROR_DESCRIPTIONS[403], schema=responses["401"]["schema"])


def _header(description: str, kind: str = openapi.TYPE_STRING, **extra: Any) -> openapi.Schema:
    return openapi.Schema(type=kind, description=description, **extra)


# Path ids that are random UUIDs (a job's), not the database's integers.
UUID_PATH_IDS = {"job_id"}


class ContractSchemaGenerator(OpenAPISchemaGenerator):
    def get_path_parameters(self, path: str, view_cls: Any) -> list[openapi.Parameter]:
        parameters = super().get_path_parameters(path, view_cls)
        for parameter in parameters:
            if parameter.name in UUID_PATH_IDS:
                parameter.pop("pattern", None)
                parameter.update(
                    type=openapi.TYPE_STRING,
                    format=openapi.FORMAT_UUID,
                    description="The job's id, a random UUID (another owner's answers 404).",
                )
            elif parameter.name.endswith("_id") and parameter.name in uritemplate.variables(path):
                parameter.pop("pattern", None)
                parameter.update(
                    type=openapi.TYPE_INTEGER,
                    format=openapi.FORMAT_INT64,
                    minimum=1,
                    maximum=MAX_ID,
                    description=parameter.get("description") or "The id (another owner's id answers 404).",
                )
        return parameters

    def get_operation(
        self, view: Any, path: str, prefix: str, method: str, components: Any, request: Any
    ) -> Any:
        operation = super().get_operation(view, path, prefix, method, components, request)
        if operation is None:
            return None
        # Identifier-safe operation ids (`customers_fetch_all_list`), which every generator turns
        # into a method name as they are.
        operation.operationId = operation.operationId.replace("-", "_")
        _declare_security(view, method, operation)
        throttled = bool(getattr(view, "throttle_classes", None))
        idempotent = any(
            getattr(p, "name", None) == IDEMPOTENCY_HEADER for p in operation.get("parameters", [])
        )
        for status, response in operation.responses.items():
            if not isinstance(response, openapi.Response):
                continue
            headers = response.setdefault("headers", {})
            headers["X-Request-ID"] = _header(REQUEST_ID_DESCRIPTION)
            if throttled:
                for name, description in RATE_LIMIT_HEADERS.items():
                    headers[name] = _header(description, openapi.TYPE_INTEGER, minimum=0)
            if idempotent:
                headers[REPLAYED_HEADER] = _header(REPLAYED_HEADER_DESCRIPTION, enum=["true"])
            if status == "429":
                headers["Retry-After"] = _header(
                    "Seconds to wait before retrying.", openapi.TYPE_INTEGER, minimum=0
                )
            if status == "401":
                headers["WWW-Authenticate"] = _header('The challenge, e.g. `Bearer realm="api"`.')
            if status == "405":
                headers["Allow"] = _header("The methods this path takes.")
        return operation

    def get_schema(self, request: Any = None, public: bool = False) -> Any:
        schema = super().get_schema(request, public)
        definitions = schema.get("definitions", {})
        for name, definition in definitions.items():
            if name.endswith("Input") and "example" not in definition:
                definition["example"] = example_for(
                    definition, definitions, partial=name.endswith("PartialInput")
                )
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                if method == "parameters" or not isinstance(operation, dict):
                    continue
                _add_examples(operation, definitions)
                _add_links(operation)
        return schema


# Links (Swagger 2.0's `x-links`): how an answer's id feeds the next call, for stateful clients
# and fuzzers. A created customer can be read, changed, deleted and its history read; a deleted
# one restored.
_CUSTOMER_OPERATIONS = (
    "customers_read",
    "customers_update",
    "customers_partial_update",
    "customers_history_list",
    "customers_delete",
)
_LINKS: dict[tuple[str, str], dict[str, str]] = {
    **{("customers_create", "201"): {name: "$response.body#/data/id" for name in _CUSTOMER_OPERATIONS}},
    **{("customers_add_create", "201"): {name: "$response.body#/data/id" for name in _CUSTOMER_OPERATIONS}},
    ("customers_delete", "200"): {"customers_restore_create": "$request.path.customer_id"},
    ("customers_restore_create", "200"): {"customers_read": "$response.body#/data/id"},
}


def _add_links(operation: dict[str, Any]) -> None:
    for (operation_id, status), targets in _LINKS.items():
        if operation.get("operationId") == operation_id and status in operation.get("responses", {}):
            operation["responses"][status]["x-links"] = {
                target: {"operationId": target, "parameters": {"customer_id": source}}
                for target, source in targets.items()
            }


def _failure_for(operation: dict[str, Any], status: int, definitions: dict[str, Any]) -> dict[str, Any]:
    """A failure this operation can really give: a 400 names one of its own inputs (the first
    required body field, else its first query parameter); a 409 on an account names the email."""
    body = next((p for p in operation.get("parameters", []) if p.get("in") == "body"), None)
    properties = _resolve(body["schema"], definitions) if body else {}
    if (
        status == 400
        and properties.get("required")
        and "phone_number" not in properties.get("properties", {})
    ):
        name = properties["required"][0]
        return _envelope(status, name, "required", "This field is required.")
    if status == 400 and not body:
        query = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
        if query:
            return _envelope(status, query[0], "invalid", f"Enter a valid `{query[0]}`.")
    if status == 409 and "email" in properties.get("properties", {}):
        return _envelope(status, "email", "duplicate", "An account with this email address already exists.")
    return failure_example(status)


def _envelope(status: int, field: str | None, code: str, message: str) -> dict[str, Any]:
    summary = "Validation failed" if status == 400 else message
    return {
        "status": "Failure",
        "message": summary,
        "errors": [{"field": field, "code": code, "message": message}],
        "data": None,
    }


def _add_examples(operation: dict[str, Any], definitions: dict[str, Any]) -> None:
    for status, response in operation.get("responses", {}).items():
        body = response.get("schema")
        if body is None or "examples" in response:
            continue
        code = int(status)
        if code >= 400:
            example = _failure_for(operation, code, definitions)
        else:
            resolved = _resolve(body, definitions)
            if resolved.get("type") == openapi.TYPE_FILE:
                continue
            example = example_for(resolved, definitions)
        response["examples"] = {"application/json": example}


def failure_example(status: int) -> dict[str, Any]:
    field, code, message = _FAILURES.get(status, (None, "invalid", "Validation failed"))
    return _envelope(status, field, code, message)


def _resolve(schema: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = definitions[schema["$ref"].rsplit("/", 1)[-1]]
    return dict(schema)


def example_for(
    schema: Any, definitions: dict[str, Any], name: str | None = None, *, partial: bool = False
) -> Any:
    """A value that satisfies `schema`, with readable samples for the fields this API has."""
    schema = _resolve(schema, definitions)
    if "example" in schema:
        return schema["example"]
    kind = schema.get("type")
    if kind == openapi.TYPE_OBJECT or "properties" in schema:
        properties = schema.get("properties", {})
        if partial:  # a partial update names only what it changes
            properties = {key: value for key, value in properties.items() if key == "last_name"}
        return {key: example_for(value, definitions, key) for key, value in properties.items()}
    if kind == openapi.TYPE_ARRAY:
        if name in ("errors", "warnings", "problems"):
            return []
        return [example_for(schema.get("items", {}), definitions)]
    if "enum" in schema:
        return schema["enum"][0]
    if name in _SAMPLES and (_SAMPLES[name] is not None or schema.get("x-nullable")):
        return _SAMPLES[name]
    if kind == openapi.TYPE_STRING:
        return {
            openapi.FORMAT_DATE: "2026-01-15",
            openapi.FORMAT_DATETIME: "2026-01-15T09:30:00Z",
            openapi.FORMAT_URI: "https://cma.example.com/api/v1/customers/",
            openapi.FORMAT_EMAIL: "ada@example.com",
            openapi.FORMAT_UUID: "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
        }.get(schema.get("format", ""), "text")
    if kind == openapi.TYPE_INTEGER:
        return max(1, schema.get("minimum", 1))
    if kind == openapi.TYPE_BOOLEAN:
        return True
    if kind == openapi.TYPE_NUMBER:
        return 1.0
    return None
