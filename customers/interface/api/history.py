"""A customer's change history: who changed what and when, newest first."""

from drf_yasg.utils import swagger_auto_schema
from rest_framework.request import Request
from rest_framework.response import Response

from common.api import BaseApi
from common.api_docs import (
    CURSOR_PARAMETERS,
    LIMIT_OFFSET_PARAMETERS,
    paginated,
    responses,
    success_envelope_for,
)
from common.cursors import whole_number
from common.pagination import EnvelopeCursorPagination, EnvelopeLimitOffsetPagination
from customers.domain.service_factory import customer_service
from customers.interface.find import seek_from
from customers.interface.serializers import CustomerHistoryEntrySerializer

_TAGS = ["customers"]
_HISTORY = success_envelope_for(
    paginated(CustomerHistoryEntrySerializer, "CustomerHistoryPage"), "CustomerHistoryPageEnvelope"
)


class CustomerHistoryApi(BaseApi):
    """`customers/<id>/history/`: who changed what and when, newest first (deleted customers too)."""

    accepts_api_keys = True

    @swagger_auto_schema(
        operation_summary="A customer's change history, newest first",
        operation_description=(
            "Pages by limit/offset (with `count`) or by cursor (`?pagination=cursor`, or an empty "
            "`?cursor=`, then each page's `next_cursor`), like the list."
        ),
        manual_parameters=LIMIT_OFFSET_PARAMETERS + CURSOR_PARAMETERS,
        responses=responses(200, _HISTORY, 400, 404),
        tags=_TAGS,
    )
    def get(self, request: Request, customer_id: int) -> Response:
        service = customer_service()
        owner_id = self.user_id(request)
        paginator: EnvelopeCursorPagination | EnvelopeLimitOffsetPagination
        if EnvelopeCursorPagination.requested(request):
            paginator = EnvelopeCursorPagination(key="history", parse=whole_number)
            entries = paginator.paginate(
                request,
                lambda limit, cursor: service.customer_history_after(
                    owner_id=owner_id, customer_id=customer_id, limit=limit, **seek_from(cursor)
                ),
            )
        else:
            paginator = EnvelopeLimitOffsetPagination()
            entries = paginator.paginate(
                request,
                lambda offset, limit: service.customer_history(
                    owner_id=owner_id, customer_id=customer_id, offset=offset, limit=limit
                ),
            )
        results = [CustomerHistoryEntrySerializer(entry).data for entry in entries]
        return self.respond(paginator.page_data(results), message="Customer history fetched successfully")
