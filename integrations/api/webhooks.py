"""`webhooks/`: endpoints that hear of changes to your customer book, their signing secrets and
their delivery log. JWT or an API key (a `read` key lists only)."""

from typing import Any

from drf_yasg.utils import swagger_auto_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import BaseApi
from common.api_docs import responses, success_envelope_for
from integrations import webhooks
from integrations.models import WebhookEndpoint
from integrations.serializers import (
    RotateSecretInputSerializer,
    WebhookCreatedSerializer,
    WebhookDeliverySerializer,
    WebhookInputSerializer,
    WebhookOutputSerializer,
    WebhookPartialInputSerializer,
    WebhookSecretSerializer,
)

_TAGS = ["webhooks"]
_ONE = success_envelope_for(WebhookOutputSerializer, "WebhookEnvelope")
_LIST = success_envelope_for(WebhookOutputSerializer, "WebhookListEnvelope", many=True)
_CREATED = success_envelope_for(WebhookCreatedSerializer, "WebhookCreatedEnvelope")
_SECRET = success_envelope_for(WebhookSecretSerializer, "WebhookSecretEnvelope")
_DELIVERIES = success_envelope_for(WebhookDeliverySerializer, "WebhookDeliveryListEnvelope", many=True)
_DELIVERY = success_envelope_for(WebhookDeliverySerializer, "WebhookDeliveryEnvelope")
_NONE = success_envelope_for(None, "EmptyEnvelope")


def _out(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return dict(WebhookOutputSerializer(endpoint).data)


class WebhookApi(BaseApi):
    accepts_api_keys = True


class WebhookListCreateApi(WebhookApi):
    @swagger_auto_schema(
        operation_summary="List your webhook endpoints", responses=responses(200, _LIST), tags=_TAGS
    )
    def get(self, request: Request) -> Response:
        endpoints = webhooks.endpoints_of(self.user_id(request))
        return self.respond([_out(e) for e in endpoints], message="Webhook endpoints fetched successfully")

    @swagger_auto_schema(
        operation_summary="Register a webhook endpoint",
        operation_description=(
            "Events are POSTed as `{id, type, created, sequence, data: {object, previous_attributes}}` "
            'with `Webhook-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` under the '
            "answer's `secret` (shown only here). The URL must be https and resolve to public "
            "addresses only (a 400 on `url` otherwise)."
        ),
        request_body=WebhookInputSerializer,
        responses=responses(201, _CREATED, 400),
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(WebhookInputSerializer, request)
        endpoint = webhooks.create_endpoint(owner_id=self.user_id(request), **data)
        return self.respond(
            _out(endpoint) | {"secret": endpoint.secret}, message="Webhook endpoint created", status=201
        )


class WebhookDetailApi(WebhookApi):
    http_method_names = ["get", "patch", "delete", "options"]

    @swagger_auto_schema(
        operation_summary="One webhook endpoint", responses=responses(200, _ONE, 404), tags=_TAGS
    )
    def get(self, request: Request, endpoint_id: int) -> Response:
        endpoint = webhooks.endpoint_of(self.user_id(request), endpoint_id)
        return self.respond(_out(endpoint), message="Webhook endpoint fetched successfully")

    @swagger_auto_schema(
        operation_summary="Change a webhook endpoint's URL or events, or turn it off or back on",
        request_body=WebhookPartialInputSerializer,
        responses=responses(200, _ONE, 400, 404),
        tags=_TAGS,
    )
    def patch(self, request: Request, endpoint_id: int) -> Response:
        data = self.valid_input(WebhookPartialInputSerializer, request)
        endpoint = webhooks.update_endpoint(owner_id=self.user_id(request), endpoint_id=endpoint_id, **data)
        return self.respond(_out(endpoint), message="Webhook endpoint updated")

    @swagger_auto_schema(
        operation_summary="Delete a webhook endpoint (and its delivery log)",
        responses=responses(200, _NONE, 404),
        tags=_TAGS,
    )
    def delete(self, request: Request, endpoint_id: int) -> Response:
        webhooks.delete_endpoint(owner_id=self.user_id(request), endpoint_id=endpoint_id)
        return self.respond(None, message="Webhook endpoint deleted")


class WebhookRotateSecretApi(WebhookApi):
    @swagger_auto_schema(
        operation_summary="Rotate an endpoint's signing secret, with an overlap",
        operation_description=(
            "The new secret signs from now on; the old one keeps signing beside it (a second "
            "`v1=` in `Webhook-Signature`) for `overlap_hours` (default 24)."
        ),
        request_body=RotateSecretInputSerializer,
        responses=responses(200, _SECRET, 400, 404),
        tags=_TAGS,
    )
    def post(self, request: Request, endpoint_id: int) -> Response:
        data = self.valid_input(RotateSecretInputSerializer, request)
        endpoint = webhooks.rotate_secret(owner_id=self.user_id(request), endpoint_id=endpoint_id, **data)
        body = dict(WebhookSecretSerializer(endpoint).data)
        return self.respond(body, message="Signing secret rotated")


class WebhookDeliveryListApi(WebhookApi):
    @swagger_auto_schema(
        operation_summary="An endpoint's delivery log, newest first (the latest 100)",
        responses=responses(200, _DELIVERIES, 404),
        tags=_TAGS,
    )
    def get(self, request: Request, endpoint_id: int) -> Response:
        deliveries = webhooks.deliveries_of(self.user_id(request), endpoint_id)
        data = WebhookDeliverySerializer(deliveries, many=True).data
        return self.respond(data, message="Deliveries fetched successfully")


class WebhookResendApi(WebhookApi):
    @swagger_auto_schema(
        operation_summary="Send a delivery's event again (a new delivery in the log)",
        request_body=None,
        responses=responses(202, _DELIVERY, 404),
        tags=_TAGS,
    )
    def post(self, request: Request, endpoint_id: int, delivery_id: int) -> Response:
        delivery = webhooks.resend(
            owner_id=self.user_id(request), endpoint_id=endpoint_id, delivery_id=delivery_id
        )
        return self.respond(WebhookDeliverySerializer(delivery).data, message="Delivery queued", status=202)
