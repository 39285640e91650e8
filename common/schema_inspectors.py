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
