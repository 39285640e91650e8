from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from integrations.models import ApiKey, WebhookDelivery, WebhookEndpoint, WebhookEvent


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Staff see every key (never the key itself: only its hash exists) and can revoke one."""

    list_display = (
        "name",
        "owner",
        "prefix",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "owner__email")
    list_select_related = ("owner",)
    readonly_fields = (
        "owner",
        "name",
        "scope",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    fields = readonly_fields
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are made by their owner, who alone sees the key

    @admin.action(description="Revoke the selected API keys")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, f"Revoked {count} API key{'s' if count != 1 else ''}.", messages.SUCCESS)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Staff see every endpoint and can turn one off (never its secret)."""

    list_display = ("url", "owner", "enabled", "disabled_reason", "created_at")
    list_filter = ("enabled",)
    search_fields = ("url", "owner__email")
    list_select_related = ("owner",)
    fields = ("owner", "url", "events", "enabled", "disabled_reason", "created_at", "updated_at")
    readonly_fields = ("owner", "url", "events", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ("public_id", "type", "owner", "created_at")
    list_filter = ("type",)
    search_fields = ("public_id", "owner__email")
    list_select_related = ("owner",)
    readonly_fields = ("public_id", "owner", "type", "created_at", "payload")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "event",
        "endpoint",
        "state",
        "attempts",
        "response_code",
        "latency_ms",
        "last_attempt_at",
    )
    list_filter = ("state",)
    search_fields = ("event__public_id", "endpoint__url")
    list_select_related = ("event", "endpoint")
    readonly_fields = (
        "event",
        "endpoint",
        "state",
        "attempts",
        "response_code",
        "latency_ms",
        "error",
        "created_at",
        "last_attempt_at",
        "delivered_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
