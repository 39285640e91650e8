from typing import Any

from drf_yasg import openapi
from drf_yasg.inspectors import FieldInspector

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


class SchemaHintInspector(FieldInspector):
    """Copies what a field declares in `style={"schema": {...}}` (e.g. a `pattern` stating a
    domain rule) into its schema: the field documents the rule, the domain still applies it."""

    def process_result(self, result: Any, method_name: str, obj: Any, **kwargs: Any) -> Any:
        hints = (getattr(obj, "style", None) or {}).get("schema")
        if hints and isinstance(result, openapi.Schema):
            result.update(hints)
        return result
