from django.urls import path

from integrations.api import api_keys, webhooks

app_name = "integrations-api"

urlpatterns = [
    path("api-keys/", api_keys.ApiKeyListCreateApi.as_view(), name="api-keys"),
    path("api-keys/<int:key_id>/", api_keys.ApiKeyDetailApi.as_view(), name="api-key"),
    path("webhooks/", webhooks.WebhookListCreateApi.as_view(), name="webhooks"),
    path("webhooks/<int:endpoint_id>/", webhooks.WebhookDetailApi.as_view(), name="webhook"),
    path(
        "webhooks/<int:endpoint_id>/rotate-secret/",
        webhooks.WebhookRotateSecretApi.as_view(),
        name="webhook-rotate-secret",
    ),
    path(
        "webhooks/<int:endpoint_id>/deliveries/",
        webhooks.WebhookDeliveryListApi.as_view(),
        name="webhook-deliveries",
    ),
    path(
        "webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/resend/",
        webhooks.WebhookResendApi.as_view(),
        name="webhook-resend",
    ),
]
