"""Customer pages: each view turns a request into one service call and the result into HTML.

No rule lives here. Domain errors go back onto the form (`add_application_error`); a customer
that is not in the caller's book answers 404 (`CustomerPageMixin`), exactly like the API.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.views import View
from django.views.generic import FormView

from common.error_mapping import http_status_for
from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.page_links import id_url, last_page_number, page_links, parse_page_number
from customers.domain.entities import Customer, FieldChange
from customers.domain.errors import CustomerChanged, CustomerNotFound
from customers.domain.queries import CustomerQuery
from customers.domain.rules import format_phone_international
from customers.domain.service_factory import customer_service
from customers.domain.services import EDITABLE_FIELDS
from customers.interface.find import CustomerFindForm, asks_to_find, find_query_string, query_from_form
from customers.interface.forms import CustomerEditForm, CustomerForm

PAGE_SIZE = 10
HISTORY_PAGE_SIZE = 20
_ACTION_LABELS = {"created": "Created", "updated": "Updated", "deleted": "Deleted", "restored": "Restored"}


def _owner_id(request: HttpRequest) -> int:
    return int(request.user.pk or 0)  # LoginRequiredMixin has run: always a real id


class CustomerPageMixin(LoginRequiredMixin):
    """Login required; a customer missing from the caller's book (another owner's, deleted,
    unknown) is a 404 page, decided here once rather than in each view."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except CustomerNotFound as error:
            raise Http404(error.message) from error


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
            owner_id=_owner_id(request), query=query, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
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


class CustomerCreateView(CustomerPageMixin, FormView):
    template_name = "customers/customer_form.html"
    form_class = CustomerForm
    extra_context = {"heading": "Add customer", "submit_label": "Save customer"}

    def form_valid(self, form: CustomerForm) -> HttpResponse:
        owner_id = _owner_id(self.request)
        try:
            customer = customer_service().create_customer(
                owner_id=owner_id, actor_id=owner_id, **form.cleaned_data
            )
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Customer {customer.full_name} added.")
        for warning in customer_service().possible_duplicates(owner_id=owner_id, customer=customer):
            messages.warning(self.request, warning.message)
        return redirect("customers:dashboard")


def _shown(field: str, value: Any) -> str:
    """A field value as people read it on the pages."""
    if value is None or value == "":
        return "—"
    if field == "phone_number":
        return format_phone_international(str(value))
    if field == "date_of_birth" and hasattr(value, "strftime"):
        return f"{value.day} {value.strftime('%b %Y')}"
    return str(value)


def _form_text(field: str, customer: Customer) -> str:
    """A customer's value as the edit form's input shows it."""
    value = getattr(customer, field)
    if field == "phone_number":
        return format_phone_international(value)
    if field == "date_of_birth":
        return str(value.isoformat())
    return str(value)


class CustomerUpdateView(CustomerPageMixin, FormView):
    template_name = "customers/customer_form.html"
    form_class = CustomerEditForm
    extra_context = {"heading": "Edit customer", "submit_label": "Save changes"}
    customer: Customer

    def get_initial(self) -> dict[str, Any]:
        # Runs for GET and POST alike, so an unknown id is a 404 before anything is changed.
        self.customer = customer_service().get_customer(
            owner_id=_owner_id(self.request), customer_id=self.kwargs["pk"]
        )
        return self._values_of(self.customer)

    @staticmethod
    def _values_of(customer: Customer) -> dict[str, Any]:
        """The form's inputs for `customer`, and the same text as the values it was loaded with."""
        shown = {name: _form_text(name, customer) for name in EDITABLE_FIELDS}
        return (
            shown | {f"loaded_{name}": text for name, text in shown.items()} | {"version": customer.version}
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # builds the form, so loads the customer
        context["customer"] = self.customer
        return context

    def form_invalid(self, form: CustomerEditForm) -> HttpResponse:
        # A refused edit is a 400 like the API's (a rule's own status, e.g. 409, below).
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: CustomerEditForm) -> HttpResponse:
        owner_id = _owner_id(self.request)
        # Only what this user changed in the form: a field they left alone is never written,
        # so it cannot undo someone else's newer value.
        changes = {name: form.cleaned_data[name] for name in form.changed_by_user()}
        try:
            customer = customer_service().update_customer(
                owner_id=owner_id,
                customer_id=self.customer.id,
                actor_id=owner_id,
                changes=changes,
                expected_version=form.cleaned_data["version"],
            )
        except CustomerNotFound:
            raise  # deleted meanwhile: a 404 page (CustomerPageMixin), not a form error
        except CustomerChanged as error:
            return self._conflict(form, set(changes), error)
        except ApplicationError as error:
            add_application_error(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=http_status_for(error))
        messages.success(self.request, f"Customer {customer.full_name} updated.")
        return redirect("customers:dashboard")

    def _conflict(self, form: CustomerEditForm, mine: set[str], error: CustomerChanged) -> HttpResponse:
        """Someone saved first. A field only this user changed keeps their input; a field only
        the other person changed takes the saved value; a field both changed to different
        values shows both and asks which to keep. The form is re-armed with the current
        version and values, so the next save sends exactly the user's side."""
        current = customer_service().get_customer(
            owner_id=_owner_id(self.request), customer_id=self.customer.id
        )
        self.customer = current
        values = self._values_of(current)
        choices: dict[str, tuple[str, str]] = {}
        rows: list[dict[str, Any]] = []
        for name in EDITABLE_FIELDS:
            loaded, saved, submitted = form.loaded_text(name), values[name], str(form.data.get(name, ""))
            theirs_changed = loaded is None or saved != loaded
            yours = name in mine and submitted != saved
            if yours:
                values[name] = submitted
            if yours and theirs_changed:
                choices[name] = (_shown(name, form.cleaned_data[name]), _shown(name, getattr(current, name)))
            rows.append(
                {
                    "label": form.fields[name].label,
                    "yours": _shown(name, form.cleaned_data[name]) if name in mine else "(not changed)",
                    "current": _shown(name, getattr(current, name)),
                    "kept": "choose below" if name in choices else ("yours" if yours else "saved"),
                }
            )
        fresh = self.get_form_class()(initial=values, choices=choices)
        context = self.get_context_data(form=fresh, conflicts=rows, conflict_message=error.message)
        return self.render_to_response(context, status=409)


class CustomerHistoryView(CustomerPageMixin, View):
    """Who changed what and when, newest first; the owner's deleted customers keep theirs."""

    template_name = "customers/customer_history.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        owner_id = _owner_id(request)
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
            "old": _shown(change.field, change.old),
            "new": _shown(change.field, change.new),
        }


class CustomerDeleteView(CustomerPageMixin, View):
    template_name = "customers/customer_confirm_delete.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        customer = customer_service().get_customer(owner_id=_owner_id(request), customer_id=pk)
        context = {"customer": customer, "phone": format_phone_international(customer.phone_number)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        service = customer_service()
        owner_id = _owner_id(request)
        customer = service.get_customer(owner_id=owner_id, customer_id=pk)
        service.delete_customer(owner_id=owner_id, customer_id=customer.id, actor_id=owner_id)
        messages.success(request, f"Customer {customer.full_name} deleted.")
        return redirect("customers:dashboard")
