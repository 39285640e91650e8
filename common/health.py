from drf_yasg.utils import swagger_auto_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import PublicApi
from common.api_docs import responses, success_envelope_for


class HealthSerializer(serializers.Serializer):
    alive = serializers.BooleanField()

    class Meta:
        ref_name = "Health"


class HealthCheckApi(PublicApi):
    """Liveness: answers without touching the database or the cache (so no throttle either)."""

    throttle_classes: list[type] = []

    @swagger_auto_schema(
        operation_summary="Liveness probe",
        responses=responses(
            200, success_envelope_for(HealthSerializer, "HealthEnvelope"), authenticated=False
        ),
        security=[],
        tags=["health"],
    )
    def get(self, request: Request) -> Response:
        return self.respond({"alive": True}, message="OK")
