from collections.abc import Mapping
from typing import Any, ClassVar

from rest_framework import serializers

# An error names at most this many refused fields, then counts the rest: the answer to a body
# of thousands of unknown keys stays small.
REPORTED_UNKNOWN_FIELDS = 5


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
        refused = [name for name in data if name not in self.fields]
        for name in refused[:REPORTED_UNKNOWN_FIELDS]:
            if name in self.read_only_names:
                message, code = "This field is read-only and cannot be set.", "read_only"
            else:
                message, code = "Unknown field.", "unknown_field"
            errors[str(name)] = [serializers.ErrorDetail(message, code=code)]
        if len(refused) > REPORTED_UNKNOWN_FIELDS:
            more = len(refused) - REPORTED_UNKNOWN_FIELDS
            message = (
                f"{more} more field{'s' if more != 1 else ''} that cannot be set ({len(refused)} in all)."
            )
            errors["non_field_errors"] = [serializers.ErrorDetail(message, code="unknown_fields")]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
