"""The API's JSON parser: DRF's, with limits applied before anything looks at the data.

- the body is read up to the view's `max_body_bytes` (default `DATA_UPLOAD_MAX_MEMORY_SIZE`)
  and no further, and a declared `Content-Length` above it is refused before reading (413);
- an object with more keys than any operation accepts (`JSON_MAX_OBJECT_KEYS`) is refused
  while parsing, so no serializer walks 30,000 unknown names (400);
- nesting too deep for the parser is a 400, not a RecursionError.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json


class _TooManyKeys(Exception):
    pass


def _bounded_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    if len(pairs) > settings.JSON_MAX_OBJECT_KEYS:
        raise _TooManyKeys
    return dict(pairs)


def body_limit(view: Any) -> int:
    return int(getattr(view, "max_body_bytes", None) or settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _declared_length(request: Any) -> int:
    meta = getattr(request, "META", {})
    try:
        return int(meta.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


class LimitedJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        context = parser_context or {}
        limit = body_limit(context.get("view"))
        if _declared_length(context.get("request")) > limit:
            raise RequestDataTooBig("Request body exceeded the limit of this endpoint.")
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestDataTooBig("Request body exceeded the limit of this endpoint.")
        encoding = context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(
                raw.decode(encoding),
                parse_constant=json.strict_constant if self.strict else None,
                object_pairs_hook=_bounded_object,
            )
        except _TooManyKeys as error:
            limit_keys = settings.JSON_MAX_OBJECT_KEYS
            raise ParseError(
                f"A JSON object in the body has more than {limit_keys} keys; no operation accepts that many.",
                code="too_many_fields",
            ) from error
        except RecursionError as error:
            raise ParseError("JSON parse error - the body is nested too deeply.") from error
        except ValueError as error:  # also UnicodeDecodeError
            raise ParseError(f"JSON parse error - {error}") from error
