from django.urls import path

from integrations.pages import api_keys

app_name = "integrations"

urlpatterns = [
    path("api-keys/", api_keys.ApiKeysView.as_view(), name="api-keys"),
    path("api-keys/<int:key_id>/revoke/", api_keys.ApiKeyRevokeView.as_view(), name="api-key-revoke"),
]
