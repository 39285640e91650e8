from typing import Any

from drf_yasg import openapi
from drf_yasg.inspectors import FieldInspector
from rest_framework import serializers

from common.serializers import StrictInputSerializer


class StrictInputInspector(FieldInspector):
    """Tells the schema what the server enforces: strict input serializers refuse properties
    they do not declare (`additionalProperties: false`)."""

    def process_result(self, result: Any, method_name: str, obj: Any, **kwargs: Any) -> Any:
        if isinstance(obj, StrictInputSerializer) and result is not None:
            schema = openapi.resolve_ref(result, self.components)
            if isinstance(schema, openapi.Schema):
                schema["additionalProperties"] = False
        return result


# (Lone surrogates are refused too, but a range of them is a pattern few tools can use.)
_CHAR = r"[^\x00]"
_VISIBLE = r"[^\s\x00]"
TEXT = rf"^{_CHAR}*$"
NOT_BLANK_TEXT = rf"^{_CHAR}*{_VISIBLE}{_CHAR}*$"


class SchemaHintInspector(FieldInspector):
    r"""Copies what a field declares in `style={"schema": {...}}` (e.g. a `pattern` stating a
    domain rule) into its schema: the field documents the rule, the domain still applies it.

    A DRF text field refuses NUL characters, and one that trims whitespace
    and refuses blanks refuses "   " too; `minLength` alone says neither, so such fields get
    the pattern `TEXT` or `NOT_BLANK_TEXT`."""

    def process_result(self, result: Any, method_name: str, obj: Any, **kwargs: Any) -> Any:
        if not isinstance(result, openapi.Schema):
            return result
        hints = (getattr(obj, "style", None) or {}).get("schema")
        if hints:
            result.update(hints)
        if isinstance(obj, serializers.CharField) and "pattern" not in result:
            if obj.trim_whitespace and not obj.allow_blank:
                result["pattern"] = NOT_BLANK_TEXT
            else:
                result["pattern"] = TEXT
        return result
