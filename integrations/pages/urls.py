from django.urls import path

from integrations.pages import api_keys, webhooks

app_name = "integrations"

urlpatterns = [
    path("api-keys/", api_keys.ApiKeysView.as_view(), name="api-keys"),
    path("api-keys/<int:key_id>/revoke/", api_keys.ApiKeyRevokeView.as_view(), name="api-key-revoke"),
    path("webhooks/", webhooks.WebhooksView.as_view(), name="webhooks"),
    path("webhooks/<int:endpoint_id>/", webhooks.WebhookDetailView.as_view(), name="webhook"),
    path(
        "webhooks/<int:endpoint_id>/<str:action>/",
        webhooks.WebhookActionView.as_view(),
        name="webhook-action",
    ),
    path(
        "webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/<str:action>/",
        webhooks.WebhookActionView.as_view(),
        name="webhook-delivery-action",
    ),
]
