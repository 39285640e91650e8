from rest_framework import serializers

from common.serializers import StrictInputSerializer
from customers.domain.ports import CUSTOMER_EVENTS
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


_EVENT_CHOICES = list(CUSTOMER_EVENTS)


class WebhookInputSerializer(StrictInputSerializer):
    url = serializers.CharField(
        max_length=2000,
        help_text="An https URL on the public internet (no private, loopback or link-local host).",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=_EVENT_CHOICES),
        min_length=1,
        max_length=len(_EVENT_CHOICES),
        help_text="The event types to send.",
    )

    class Meta:
        ref_name = "WebhookInput"


class WebhookPartialInputSerializer(StrictInputSerializer):
    url = serializers.CharField(max_length=2000, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=_EVENT_CHOICES),
        min_length=1,
        max_length=len(_EVENT_CHOICES),
        required=False,
    )
    enabled = serializers.BooleanField(required=False, help_text="Turn the endpoint off, or back on.")

    class Meta:
        ref_name = "WebhookPartialInput"


class RotateSecretInputSerializer(StrictInputSerializer):
    overlap_hours = serializers.IntegerField(
        min_value=0,
        max_value=24 * 7,
        required=False,
        help_text="Hours the old secret keeps signing beside the new one (default 24; 0: none).",
    )

    class Meta:
        ref_name = "RotateSecretInput"


class WebhookOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    url = serializers.CharField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=_EVENT_CHOICES))
    enabled = serializers.BooleanField()
    disabled_reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Webhook"


class WebhookCreatedSerializer(WebhookOutputSerializer):
    secret = serializers.CharField(
        help_text="The signing secret (`whsec_…`): verify `Webhook-Signature` with it."
    )

    class Meta:
        ref_name = "WebhookCreated"


class WebhookSecretSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    secret = serializers.CharField(help_text="The new signing secret.")
    previous_secret_expires_at = serializers.DateTimeField(
        allow_null=True,
        help_text="Until when the old secret also signs (a second `v1=`); null: it no longer does.",
    )

    class Meta:
        ref_name = "WebhookSecret"


class WebhookDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    event_id = serializers.CharField(source="event.public_id")
    event_type = serializers.CharField(source="event.type")
    state = serializers.ChoiceField(choices=["pending", "retrying", "succeeded", "failed", "skipped"])
    attempts = serializers.IntegerField(min_value=0)
    response_code = serializers.IntegerField(allow_null=True, help_text="The latest attempt's HTTP status.")
    latency_ms = serializers.IntegerField(allow_null=True, help_text="The latest attempt's time to answer.")
    error = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "WebhookDelivery"
