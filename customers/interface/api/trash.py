"""The trash: the owner's deleted customers, and bringing one back."""

from typing import Any

from drf_yasg.utils import swagger_auto_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from common import idempotency
from common.api import BaseApi
from common.api_docs import (
    CURSOR_PARAMETERS,
    LIMIT_OFFSET_PARAMETERS,
    paginated,
    responses,
    success_envelope_for,
)
from common.pagination import EnvelopeCursorPagination, EnvelopeLimitOffsetPagination
from customers.domain.entities import DeletedCustomer
from customers.domain.service_factory import customer_service
from customers.interface.find import seek_from
from customers.interface.serializers import CustomerOutputSerializer, customer_representation

_TAGS = ["customers"]


class DeletedCustomerSerializer(CustomerOutputSerializer):
    deleted_at = serializers.DateTimeField()

    class Meta:
        ref_name = "DeletedCustomer"


_TRASH_PAGE = success_envelope_for(
    paginated(DeletedCustomerSerializer, "DeletedCustomerPage"), "TrashEnvelope"
)
_RESTORED = success_envelope_for(CustomerOutputSerializer, "RestoredCustomerEnvelope")


def deleted_representation(deleted: DeletedCustomer, today: Any) -> dict[str, Any]:
    data = customer_representation(deleted.customer, today)
    data["deleted_at"] = serializers.DateTimeField().to_representation(deleted.deleted_at)
    return data


class CustomerTrashApi(BaseApi):
    """`customers/trash/`: the owner's soft-deleted customers, most recently deleted first."""

    accepts_api_keys = True

    @swagger_auto_schema(
        operation_summary="List your deleted customers (the trash), newest deletion first",
        operation_description="Pages by limit/offset (with `count`) or by cursor, like the list.",
        manual_parameters=LIMIT_OFFSET_PARAMETERS + CURSOR_PARAMETERS,
        responses=responses(200, _TRASH_PAGE, 400),
        tags=_TAGS,
    )
    def get(self, request: Request) -> Response:
        service = customer_service()
        owner_id = self.user_id(request)
        paginator: EnvelopeCursorPagination | EnvelopeLimitOffsetPagination
        if EnvelopeCursorPagination.requested(request):
            paginator = EnvelopeCursorPagination(key="trash")
            items = paginator.paginate(
                request,
                lambda limit, cursor: service.list_deleted_customers_after(
                    owner_id=owner_id, limit=limit, **seek_from(cursor)
                ),
            )
        else:
            paginator = EnvelopeLimitOffsetPagination()
            items = paginator.paginate(
                request,
                lambda offset, limit: service.list_deleted_customers(
                    owner_id=owner_id, offset=offset, limit=limit
                ),
            )
        today = service.today()
        results = [deleted_representation(item, today) for item in items]
        return self.respond(paginator.page_data(results), message="Deleted customers fetched successfully")


class CustomerRestoreApi(BaseApi):
    """`customers/<id>/restore/`: bring a deleted customer back."""

    accepts_api_keys = True

    @swagger_auto_schema(
        operation_summary="Restore a deleted customer",
        operation_description=(
            "409 when an active customer now has the same phone number (change or delete that "
            "one first); 404 when you have no deleted customer with this id. With an "
            "`Idempotency-Key`, a retry replays the first answer (a restored customer, or its 404 "
            "or 409) instead of answering a second time."
        ),
        manual_parameters=[idempotency.PARAMETER],
        responses=responses(200, _RESTORED, 400, 404, 409),
        tags=_TAGS,
    )
    def post(self, request: Request, customer_id: int) -> Response:
        return idempotency.idempotent(
            request,
            user_id=self.user_id(request),
            run=lambda: self.answered(lambda _: self._restore(request, customer_id), request),
            fingerprint=lambda: idempotency.request_fingerprint({"path": request.path, "body": request.data}),
        )

    def _restore(self, request: Request, customer_id: int) -> Response:
        service = customer_service()
        owner_id = self.user_id(request)
        customer = service.restore_customer(owner_id=owner_id, customer_id=customer_id, actor_id=owner_id)
        return self.respond(
            customer_representation(customer, service.today()), message="Customer restored successfully"
        )
