from collections.abc import Mapping
from typing import Any, ClassVar

from rest_framework import serializers


class StrictInputSerializer(serializers.Serializer):
    """Input serializer that refuses what it does not declare, instead of silently dropping it.

    `read_only_names` lists fields that exist on the resource but that a client may not set,
    so the error can say so precisely.
    """

    read_only_names: ClassVar[frozenset[str]] = frozenset()

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {"non_field_errors": [serializers.ErrorDetail("Expected a JSON object.", code="invalid")]}
            )
        errors: dict[str, list[serializers.ErrorDetail]] = {}
        for name in data:
            if name in self.fields:
                continue
            if name in self.read_only_names:
                message, code = "This field is read-only and cannot be set.", "read_only"
            else:
                message, code = "Unknown field.", "unknown_field"
            errors[str(name)] = [serializers.ErrorDetail(message, code=code)]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
