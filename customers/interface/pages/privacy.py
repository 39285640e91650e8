"""Privacy pages: erase a trashed customer now (after a confirmation) and download
everything stored about one customer as JSON. One service call each; the rules are the domain's."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from customers.domain.errors import CustomerNotInTrash
from customers.domain.rules import format_phone_international
from customers.domain.service_factory import customer_service
from customers.interface.api.privacy import personal_data_representation
from customers.interface.pages.base import CustomerPageMixin, caller_id


class CustomerEraseView(CustomerPageMixin, View):
    """GET: what erasing means, for a customer in the trash (anything else is a 404). POST: erase."""

    template_name = "customers/customer_confirm_erase.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        deleted = customer_service().get_deleted_customer(owner_id=caller_id(request), customer_id=pk)
        context = {
            "customer": deleted.customer,
            "deleted_at": deleted.deleted_at,
            "phone": format_phone_international(deleted.customer.phone_number),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        service = customer_service()
        owner_id = caller_id(request)
        name = service.get_deleted_customer(owner_id=owner_id, customer_id=pk).customer.full_name
        try:
            service.erase_customer(owner_id=owner_id, customer_id=pk, actor_id=owner_id)
        except CustomerNotInTrash as error:  # restored in another tab meanwhile
            messages.error(request, error.message)
            return redirect("customers:trash")
        messages.success(request, f"{name} was erased permanently, with their history.")
        return redirect("customers:trash")


class CustomerPersonalDataView(CustomerPageMixin, View):
    """The same export as `GET /api/v1/customers/<id>/personal-data/`, as a JSON download."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        service = customer_service()
        data = service.personal_data(owner_id=caller_id(request), customer_id=pk)
        body = json.dumps(
            personal_data_representation(data, service.today()),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="customer-{pk}-personal-data.json"'
        response["Cache-Control"] = "no-store"
        return response
