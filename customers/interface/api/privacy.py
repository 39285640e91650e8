"""Privacy for the owner of a customer book (GDPR articles 15 and 17): erase a
trashed customer now, and export everything stored about one customer. One class per action;
the rules (only from the trash; every copy goes) live in the domain service."""

from datetime import datetime
from typing import Any

from django.utils import timezone
from drf_yasg.utils import swagger_auto_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import BaseApi
from common.api_docs import responses, success_envelope_for
from customers.domain.entities import PersonalData
from customers.domain.service_factory import customer_service
from customers.interface.serializers import (
    CustomerHistoryEntrySerializer,
    CustomerOutputSerializer,
    customer_representation,
)

_TAGS = ["customers"]


class PersonalDataCustomerSerializer(CustomerOutputSerializer):
    deleted_at = serializers.DateTimeField(
        allow_null=True, help_text="When it went to the trash; null if active."
    )

    class Meta:
        ref_name = "PersonalDataCustomer"


class StoredCopySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["idempotency_replay"],
        help_text="`idempotency_replay`: an API answer kept so that a retried request replays it.",
    )
    stored_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(allow_null=True, help_text="When it is deleted by itself.")
    content = serializers.JSONField(help_text="What is kept, as stored.")

    class Meta:
        ref_name = "StoredCopy"


class PersonalDataSerializer(serializers.Serializer):
    customer = PersonalDataCustomerSerializer()
    history = CustomerHistoryEntrySerializer(many=True, help_text="Every recorded change, newest first.")
    stored_copies = StoredCopySerializer(many=True, help_text="Other copies kept of this customer's data.")
    exported_at = serializers.DateTimeField()

    class Meta:
        ref_name = "PersonalData"


_PERSONAL_DATA = success_envelope_for(PersonalDataSerializer, "PersonalDataEnvelope")
_NONE = success_envelope_for(None, "EmptyEnvelope")


def _when(value: datetime | None) -> str | None:
    return None if value is None else serializers.DateTimeField().to_representation(value)


def personal_data_representation(data: PersonalData, today: Any) -> dict[str, Any]:
    """The export, as the API sends it and the page downloads it."""
    customer = customer_representation(data.customer, today)
    customer["deleted_at"] = _when(data.deleted_at)
    return {
        "customer": customer,
        "history": [CustomerHistoryEntrySerializer(entry).data for entry in data.history],
        "stored_copies": [
            {
                "kind": copy.kind,
                "stored_at": _when(copy.stored_at),
                "expires_at": _when(copy.expires_at),
                "content": copy.content,
            }
            for copy in data.copies
        ],
        "exported_at": _when(timezone.now()),
    }


class CustomerPersonalDataApi(BaseApi):
    """`customers/<id>/personal-data/`: everything stored about one customer, active or trashed."""

    accepts_api_keys = True

    @swagger_auto_schema(
        operation_summary="Everything stored about one of your customers (active or in the trash)",
        operation_description=(
            "The record (with `deleted_at` when it is in the trash), every history entry and any "
            "other copy kept of it (API answers kept for Idempotency-Key replays). 404 for an id "
            "that is not one of your customers, or was erased."
        ),
        responses=responses(200, _PERSONAL_DATA, 404),
        tags=_TAGS,
    )
    def get(self, request: Request, customer_id: int) -> Response:
        service = customer_service()
        data = service.personal_data(owner_id=self.user_id(request), customer_id=customer_id)
        response = self.respond(
            personal_data_representation(data, service.today()), message="Personal data exported"
        )
        response["Cache-Control"] = "no-store"
        return response


class CustomerEraseApi(BaseApi):
    """`customers/<id>/erase/`: erase a customer in the trash now, every copy included."""

    accepts_api_keys = True

    @swagger_auto_schema(
        operation_summary="Erase a customer in your trash now, with its history and every other copy",
        operation_description=(
            "Irreversible. The record, every history entry and every kept copy are removed; an "
            "audit record keeps only the id, who erased it and when. Afterwards the id answers "
            "404 everywhere, history included. 409 `not_in_trash` for an active customer (delete "
            "it first); 404 for an id that is not in your book."
        ),
        request_body=None,
        responses=responses(200, _NONE, 404, 409),
        tags=_TAGS,
    )
    def post(self, request: Request, customer_id: int) -> Response:
        owner_id = self.user_id(request)
        customer_service().erase_customer(owner_id=owner_id, customer_id=customer_id, actor_id=owner_id)
        return self.respond(None, message="Customer erased")
