"""The trash page: the owner's deleted customers, and restoring one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from common.page_links import last_page_number, page_links, parse_page_number
from customers.domain.errors import PhoneReusedOnRestore
from customers.domain.rules import format_phone_international
from customers.domain.service_factory import customer_service
from customers.interface.pages.base import PAGE_SIZE, CustomerPageMixin, caller_id


class CustomerTrashView(CustomerPageMixin, View):
    template_name = "customers/trash.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        number = parse_page_number(request.GET.get("page"))
        service = customer_service()
        page = service.list_deleted_customers(
            owner_id=caller_id(request), offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        last = last_page_number(page.total, PAGE_SIZE)
        if number > last:
            return redirect(f"{reverse('customers:trash')}?page={last}")
        rows = [
            {
                "customer": item.customer,
                "phone": format_phone_international(item.customer.phone_number),
                "deleted_at": item.deleted_at,
            }
            for item in page.items
        ]
        return render(
            request,
            self.template_name,
            {"rows": rows, "total": page.total, "links": page_links(number, last)},
        )


class CustomerRestoreView(CustomerPageMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        owner_id = caller_id(request)
        try:
            customer = customer_service().restore_customer(
                owner_id=owner_id, customer_id=pk, actor_id=owner_id
            )
        except PhoneReusedOnRestore as error:
            messages.error(request, error.message)
            return redirect("customers:trash")
        messages.success(request, f"Customer {customer.full_name} restored.")
        return redirect("customers:trash")
