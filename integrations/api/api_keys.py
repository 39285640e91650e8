"""`api-keys/`: a signed-in person makes, lists and revokes the account's API keys. A request
made with an API key is refused here (ApiKeyPolicy): a leaked key cannot mint more keys."""

from typing import Any

from drf_yasg.utils import swagger_auto_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import BaseApi
from common.api_docs import responses, success_envelope_for
from integrations import api_keys
from integrations.models import ApiKey
from integrations.serializers import ApiKeyCreatedSerializer, ApiKeyInputSerializer, ApiKeyOutputSerializer

_TAGS = ["api-keys"]
_LIST = success_envelope_for(ApiKeyOutputSerializer, "ApiKeyListEnvelope", many=True)
_CREATED = success_envelope_for(ApiKeyCreatedSerializer, "ApiKeyCreatedEnvelope")
_NONE = success_envelope_for(None, "EmptyEnvelope")


def api_key_representation(api_key: ApiKey) -> dict[str, Any]:
    return dict(ApiKeyOutputSerializer(api_key).data)


class ApiKeyListCreateApi(BaseApi):
    @swagger_auto_schema(
        operation_summary="List your API keys (never the keys themselves)",
        operation_description="Newest first; revoked keys are gone, expired ones stay until revoked.",
        responses=responses(200, _LIST),
        tags=_TAGS,
    )
    def get(self, request: Request) -> Response:
        keys = api_keys.keys_of(self.user_id(request))
        return self.respond(
            [api_key_representation(k) for k in keys], message="API keys fetched successfully"
        )

    @swagger_auto_schema(
        operation_summary="Make an API key",
        operation_description=(
            "The answer's `key` is the only time the key is shown: store it then. Send it as "
            "`Authorization: Api-Key <key>`. It reaches your customers (a `read` key only reads; "
            "a write with it is a 403 `insufficient_scope`), never the account or the keys."
        ),
        request_body=ApiKeyInputSerializer,
        responses=responses(201, _CREATED, 400),
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(ApiKeyInputSerializer, request)
        api_key, key = api_keys.create_api_key(owner_id=self.user_id(request), **data)
        return self.respond(
            api_key_representation(api_key) | {"key": key}, message="API key created", status=201
        )


class ApiKeyDetailApi(BaseApi):
    http_method_names = ["delete", "options"]

    @swagger_auto_schema(
        operation_summary="Revoke an API key (at once, for good)",
        responses=responses(200, _NONE, 404),
        tags=_TAGS,
    )
    def delete(self, request: Request, key_id: int) -> Response:
        api_keys.revoke_api_key(owner_id=self.user_id(request), key_id=key_id)
        return self.respond(None, message="API key revoked")
