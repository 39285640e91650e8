from django.urls import path

from integrations.api import api_keys

app_name = "integrations-api"

urlpatterns = [
    path("api-keys/", api_keys.ApiKeyListCreateApi.as_view(), name="api-keys"),
    path("api-keys/<int:key_id>/", api_keys.ApiKeyDetailApi.as_view(), name="api-key"),
]
