"""The customers themselves: list and create, read, replace, change and delete one. One class
per action, each turning HTTP into one service call; the original routes keep their classes."""

from dataclasses import asdict
from typing import Any

from drf_yasg.utils import swagger_auto_schema
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
from common.pagination import Cursor, EnvelopeCursorPagination, EnvelopeLimitOffsetPagination
from common.preconditions import IF_MATCH_PARAMETER, etag_for, expected_version
from customers.domain.entities import Customer, Position
from customers.domain.service_factory import customer_service
from customers.interface.find import CURSOR_VALUE_PARSERS, query_from_params, seek_from
from customers.interface.serializers import (
    FIND_QUERY_PARAMETERS,
    CustomerCreatedSerializer,
    CustomerInputSerializer,
    CustomerOutputSerializer,
    CustomerPartialInputSerializer,
    customer_representation,
)

_TAGS = ["customers"]
_ONE = success_envelope_for(CustomerOutputSerializer, "CustomerEnvelope")
_PAGE = success_envelope_for(paginated(CustomerOutputSerializer, "CustomerPage"), "CustomerPageEnvelope")
_NONE = success_envelope_for(None, "EmptyEnvelope")
_CREATED = success_envelope_for(CustomerCreatedSerializer, "CustomerCreatedEnvelope")


def _output(customer: Customer, today: Any) -> dict[str, Any]:
    return customer_representation(customer, today)


_ETAG_HEADER = {"ETag": 'The customer\'s version as a strong entity tag, e.g. "3"; send it as If-Match.'}


def _etag(customer: Customer) -> dict[str, str]:
    return {"ETag": etag_for(customer.version)}


class CustomerListCreateApi(BaseApi):
    """`customers/` (GET list, POST create); `fetch-all/` and `add/` route here too."""

    accepts_api_keys = True

    @swagger_auto_schema(
        operation_summary="List your active customers, newest first",
        operation_description=(
            "Two ways to page. **limit/offset** (the default): `data = {count, next, previous, "
            "results}`; simple, but a deep offset costs more the deeper it is. **Cursor** "
            "(`?pagination=cursor` or an empty `?cursor=` to start, then follow `next`/`previous`): "
            "`data = {next, previous, results}` with no `count`; every page costs the same, and "
            "customers added or deleted meanwhile never shift a page. `limit` works in both modes.\n\n"
            "**Search, filters, ordering** (`search`, `age_min`, `age_max`, `created_from`, "
            "`created_to`, `ordering`) work in both modes; in cursor mode the cursor encodes the "
            "ordering key, so it is valid only with the same `ordering` (otherwise a 400 naming "
            "`cursor`). Every page says `has_more` and carries `next_cursor`/`previous_cursor` "
            "(null in limit/offset mode) besides the `next`/`previous` URLs. A malformed or "
            "unknown value is a 400 naming the parameter."
        ),
        manual_parameters=LIMIT_OFFSET_PARAMETERS + CURSOR_PARAMETERS + FIND_QUERY_PARAMETERS,
        responses=responses(200, _PAGE, 400),
        tags=_TAGS,
    )
    def get(self, request: Request) -> Response:
        service = customer_service()
        owner_id = self.user_id(request)
        query = query_from_params(request.query_params, service)
        paginator: EnvelopeCursorPagination | EnvelopeLimitOffsetPagination
        if EnvelopeCursorPagination.requested(request) and query.is_plain:
            paginator = EnvelopeCursorPagination()

            def window(limit: int, cursor: Cursor | None) -> Any:
                if cursor is None:
                    return service.list_customers_after(owner_id=owner_id, limit=limit)
                position = Position(created_at=cursor.created_at, id=cursor.id)
                if cursor.direction == "previous":
                    return service.list_customers_after(owner_id=owner_id, limit=limit, before=position)
                return service.list_customers_after(owner_id=owner_id, limit=limit, after=position)

            customers = paginator.paginate(request, window)
        elif EnvelopeCursorPagination.requested(request):
            # The cursor encodes the ordering key: it is valid for this ordering only.
            paginator = EnvelopeCursorPagination(
                key=query.ordering, parse=CURSOR_VALUE_PARSERS[query.order_field]
            )
            customers = paginator.paginate(
                request,
                lambda limit, cursor: service.find_customers_after(
                    owner_id=owner_id, query=query, limit=limit, **seek_from(cursor)
                ),
            )
        else:
            paginator = EnvelopeLimitOffsetPagination()
            customers = paginator.paginate(
                request,
                lambda offset, limit: service.find_customers(
                    owner_id=owner_id, query=query, offset=offset, limit=limit
                ),
            )
        today = service.today()
        results = [_output(customer, today) for customer in customers]
        return self.respond(paginator.page_data(results), message="Customers fetched successfully")

    @swagger_auto_schema(
        operation_summary="Create a customer (retry safely with an Idempotency-Key)",
        operation_description=(
            "`data.warnings` lists possible duplicates (an active customer with the same name, "
            "ignoring accents and case, and the same date of birth). They never block the create."
        ),
        request_body=CustomerInputSerializer,
        manual_parameters=[idempotency.PARAMETER],
        responses=responses(201, _CREATED, 400, 409),
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        return idempotency.idempotent(
            request, user_id=self.user_id(request), run=lambda: self.answered(self._create, request)
        )

    def _create(self, request: Request) -> Response:
        serializer = CustomerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = customer_service()
        customer = service.create_customer(
            owner_id=self.user_id(request), actor_id=self.user_id(request), **serializer.validated_data
        )
        warnings = service.possible_duplicates(owner_id=self.user_id(request), customer=customer)
        data = _output(customer, service.today()) | {"warnings": [asdict(w) for w in warnings]}
        return self.respond(data, message="Customer created successfully", status=201)


class CustomerDetailApi(BaseApi):
    """`customers/<id>/`: GET, PUT (replace), PATCH (partial), DELETE (soft)."""

    accepts_api_keys = True

    partial_put = False

    @swagger_auto_schema(
        operation_summary="Get one of your customers",
        responses=responses(200, _ONE, 404, success_headers=_ETAG_HEADER),
        tags=_TAGS,
    )
    def get(self, request: Request, customer_id: int) -> Response:
        service = customer_service()
        customer = service.get_customer(owner_id=self.user_id(request), customer_id=customer_id)
        return self.respond(
            _output(customer, service.today()),
            message="Customer fetched successfully",
            headers=_etag(customer),
        )

    @swagger_auto_schema(
        operation_summary="Replace a customer's fields",
        request_body=CustomerInputSerializer,
        manual_parameters=[IF_MATCH_PARAMETER],
        responses=responses(200, _ONE, 400, 404, 409, 412, success_headers=_ETAG_HEADER),
        tags=_TAGS,
    )
    def put(self, request: Request, customer_id: int) -> Response:
        return self._update(request, customer_id, partial=self.partial_put)

    @swagger_auto_schema(
        operation_summary="Change some of a customer's fields",
        request_body=CustomerPartialInputSerializer,
        manual_parameters=[IF_MATCH_PARAMETER],
        responses=responses(200, _ONE, 400, 404, 409, 412, success_headers=_ETAG_HEADER),
        tags=_TAGS,
    )
    def patch(self, request: Request, customer_id: int) -> Response:
        return self._update(request, customer_id, partial=True)

    @swagger_auto_schema(
        operation_summary="Delete a customer (soft: it leaves every list and frees its number)",
        manual_parameters=[IF_MATCH_PARAMETER],
        responses=responses(200, _NONE, 400, 404, 412),
        tags=_TAGS,
    )
    def delete(self, request: Request, customer_id: int) -> Response:
        customer_service().delete_customer(
            owner_id=self.user_id(request),
            customer_id=customer_id,
            actor_id=self.user_id(request),
            expected_version=expected_version(request),
        )
        return self.respond(None, message="Customer deleted successfully")

    def _update(self, request: Request, customer_id: int, *, partial: bool) -> Response:
        version = expected_version(request)
        serializer_class = CustomerPartialInputSerializer if partial else CustomerInputSerializer
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if not partial:
            changes.setdefault("last_name", "")
        service = customer_service()
        customer = service.update_customer(
            owner_id=self.user_id(request),
            customer_id=customer_id,
            actor_id=self.user_id(request),
            changes=changes,
            expected_version=version,
        )
        return self.respond(
            _output(customer, service.today()),
            message="Customer updated successfully",
            headers=_etag(customer),
        )


class CustomerLegacyUpdateApi(CustomerDetailApi):
    """The original `customers/<id>/update/` route, where PUT was a partial update."""

    http_method_names = ["put", "patch", "options"]
    partial_put = True

    @swagger_auto_schema(
        operation_summary="Change a customer (original route: PUT accepts any subset of fields)",
        request_body=CustomerPartialInputSerializer,
        manual_parameters=[IF_MATCH_PARAMETER],
        responses=responses(200, _ONE, 400, 404, 409, 412, success_headers=_ETAG_HEADER),
        tags=_TAGS,
    )
    def put(self, request: Request, customer_id: int) -> Response:
        return self._update(request, customer_id, partial=True)


class CustomerLegacyDeleteApi(CustomerDetailApi):
    """The original `customers/<id>/delete/` route."""

    http_method_names = ["delete", "options"]


class CustomerLegacyListApi(CustomerListCreateApi):
    """The original `customers/fetch-all/` route."""

    http_method_names = ["get", "options"]


class CustomerLegacyCreateApi(CustomerListCreateApi):
    """The original `customers/add/` route."""

    http_method_names = ["post", "options"]
