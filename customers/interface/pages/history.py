"""A customer's history page: who changed what and when, newest first."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from common.page_links import last_page_number, page_links, parse_page_number
from customers.domain.entities import Customer, FieldChange
from customers.domain.errors import CustomerNotFound
from customers.domain.service_factory import customer_service
from customers.interface.forms import CustomerForm
from customers.interface.pages.base import CustomerPageMixin, caller_id, shown

HISTORY_PAGE_SIZE = 20
_ACTION_LABELS = {"created": "Created", "updated": "Updated", "deleted": "Deleted", "restored": "Restored"}


class CustomerHistoryView(CustomerPageMixin, View):
    """Who changed what and when, newest first; the owner's deleted customers keep theirs."""

    template_name = "customers/customer_history.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        owner_id = caller_id(request)
        service = customer_service()
        number = parse_page_number(request.GET.get("page"))
        page = service.customer_history(
            owner_id=owner_id,
            customer_id=pk,
            offset=(number - 1) * HISTORY_PAGE_SIZE,
            limit=HISTORY_PAGE_SIZE,
        )
        last = last_page_number(page.total, HISTORY_PAGE_SIZE)
        if number > last:
            return redirect(f"{reverse('customers:history', args=[pk])}?page={last}")
        try:
            customer: Customer | None = service.get_customer(owner_id=owner_id, customer_id=pk)
        except CustomerNotFound:
            customer = None  # deleted: its history is still the owner's to read
        labels = {name: field.label for name, field in CustomerForm.base_fields.items()}
        entries = [
            {
                "entry": entry,
                "action": _ACTION_LABELS.get(entry.action, entry.action),
                "by_you": entry.by == owner_id,
                "changes": [self._change(change, labels) for change in entry.changes],
            }
            for entry in page.items
        ]
        context = {
            "customer": customer,
            "customer_id": pk,
            "entries": entries,
            "total": page.total,
            "links": page_links(number, last),
        }
        return render(request, self.template_name, context)

    @staticmethod
    def _change(change: FieldChange, labels: dict[str, Any]) -> dict[str, str]:
        return {
            "label": str(labels.get(change.field, change.field)),
            "old": shown(change.field, change.old),
            "new": shown(change.field, change.new),
        }
