"""The dashboard: the owner's customers, a page at a time, with search, filters and sorting."""

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.views import View

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.page_links import id_url, last_page_number, page_links, parse_page_number
from customers.domain.entities import Customer
from customers.domain.queries import CustomerQuery
from customers.domain.rules import format_phone_international
from customers.domain.service_factory import customer_service
from customers.interface.find import CustomerFindForm, asks_to_find, find_query_string, query_from_form
from customers.interface.pages.base import PAGE_SIZE, CustomerPageMixin, caller_id


class CustomerDashboardView(CustomerPageMixin, View):
    template_name = "customers/dashboard.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        number = parse_page_number(request.GET.get("page"))
        service = customer_service()
        # Nothing asked (the usual visit): the plain query, and an empty form with nothing to check.
        find = CustomerFindForm(request.GET) if asks_to_find(request.GET) else CustomerFindForm()
        query = CustomerQuery()
        if find.is_bound and find.is_valid():
            try:
                query = query_from_form(find, service)
            except ApplicationError as error:
                add_application_error(find, error)
        page = service.find_customers(
            owner_id=caller_id(request), query=query, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
        last = last_page_number(page.total, PAGE_SIZE)
        kept = find_query_string(request.GET) if not find.errors else ""
        if number > last:
            # Past the end (a stale link, a deleted last row, a typed number): show the last page.
            return redirect(f"{reverse('customers:dashboard')}?{kept}{'&' if kept else ''}page={last}")
        context = {
            "rows": dashboard_rows(page.items, service.today()),
            "total": page.total,
            "links": page_links(number, last),
            "find": find,
            "filtered": not query.is_plain or bool(find.errors),
            "kept": kept,
            "ordering": query.ordering,
            "sort_links": _sort_links(request.GET, query.ordering),
        }
        return render(request, self.template_name, context)


def short_date(day: date) -> str:
    """`day` as the `date:"j M Y"` filter shows it ("7 Mar 1990"), without the filter's
    per-call format parsing (two dates on each of a page's rows)."""
    return f"{day.day} {MONTHS_3[day.month].title()} {day.year}"


def dashboard_rows(customers: list[Customer], today: date) -> list[dict[str, Any]]:
    """What each dashboard row shows, ready to print: a row costs the template plain lookups
    only, and its three links one `reverse` per page rather than one per link."""
    edit_url, history_url, delete_url = (
        id_url(name) for name in ("customers:modify", "customers:history", "customers:delete")
    )
    return [
        {
            "customer": customer,
            "name": customer.full_name,
            "phone": format_phone_international(customer.phone_number),
            "born": short_date(customer.date_of_birth),
            "age": customer.age_on(today),
            "edit_url": edit_url(customer.id),
            "history_url": history_url(customer.id),
            "delete_url": delete_url(customer.id),
        }
        for customer in customers
    ]


SORTABLE_COLUMNS = {"name": "last_name", "date_of_birth": "date_of_birth", "created_at": "created_at"}


def _sort_links(params: Any, current: str) -> dict[str, dict[str, str]]:
    """For each sortable column: the query string that sorts by it (toggling direction when it
    is the current sort, keeping search and filters) and the current direction, if any."""
    links = {}
    for column, field in SORTABLE_COLUMNS.items():
        query = params.copy()
        query.pop("page", None)
        direction = ""
        if current == field:
            direction = "ascending"
            query["ordering"] = f"-{field}"
        elif current == f"-{field}":
            direction = "descending"
            query["ordering"] = field
        else:
            query["ordering"] = field
        links[column] = {"query": find_query_string(query), "direction": direction}
    return links
