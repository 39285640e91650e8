from rest_framework import serializers

from common.serializers import StrictInputSerializer
from integrations.models import ApiKeyScope


class ApiKeyInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=100, help_text="What the key is for, e.g. “Shop sync”.")
    scope = serializers.ChoiceField(
        choices=ApiKeyScope.values,
        help_text="`read`: only reads. `read_write`: also creates, changes, deletes.",
    )
    expires_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="When the key stops working (ISO 8601, in the future); none: never.",
    )

    class Meta:
        ref_name = "ApiKeyInput"


class ApiKeyOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    name = serializers.CharField()
    scope = serializers.ChoiceField(choices=ApiKeyScope.values)
    prefix = serializers.CharField(help_text="The key's first characters, to tell keys apart; not secret.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True)
    last_used_at = serializers.DateTimeField(
        allow_null=True, help_text="Recorded to the minute; null: never used."
    )

    class Meta:
        ref_name = "ApiKey"


class ApiKeyCreatedSerializer(ApiKeyOutputSerializer):
    key = serializers.CharField(
        help_text="The key itself: shown only in this answer (only its hash is stored). Keep it secret."
    )

    class Meta:
        ref_name = "ApiKeyCreated"
