"""One customer's pages: add, edit (with the both-saved conflict screen) and delete."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import FormView

from common.error_mapping import http_status_for
from common.exceptions import ApplicationError
from common.forms import add_application_error
from customers.domain.entities import EDITABLE_FIELDS, Customer
from customers.domain.errors import CustomerChanged, CustomerNotFound
from customers.domain.rules import format_phone_international
from customers.domain.service_factory import customer_service
from customers.interface.forms import CustomerEditForm, CustomerForm
from customers.interface.pages.base import CustomerPageMixin, caller_id, shown


class CustomerCreateView(CustomerPageMixin, FormView):
    template_name = "customers/customer_form.html"
    form_class = CustomerForm
    extra_context = {"heading": "Add customer", "submit_label": "Save customer"}

    def form_valid(self, form: CustomerForm) -> HttpResponse:
        owner_id = caller_id(self.request)
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
            owner_id=caller_id(self.request), customer_id=self.kwargs["pk"]
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
        owner_id = caller_id(self.request)
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
            owner_id=caller_id(self.request), customer_id=self.customer.id
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
                choices[name] = (shown(name, form.cleaned_data[name]), shown(name, getattr(current, name)))
            rows.append(
                {
                    "label": form.fields[name].label,
                    "yours": shown(name, form.cleaned_data[name]) if name in mine else "(not changed)",
                    "current": shown(name, getattr(current, name)),
                    "kept": "choose below" if name in choices else ("yours" if yours else "saved"),
                }
            )
        fresh = self.get_form_class()(initial=values, choices=choices)
        context = self.get_context_data(form=fresh, conflicts=rows, conflict_message=error.message)
        return self.render_to_response(context, status=409)


class CustomerDeleteView(CustomerPageMixin, View):
    template_name = "customers/customer_confirm_delete.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        customer = customer_service().get_customer(owner_id=caller_id(request), customer_id=pk)
        context = {"customer": customer, "phone": format_phone_international(customer.phone_number)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        service = customer_service()
        owner_id = caller_id(request)
        customer = service.get_customer(owner_id=owner_id, customer_id=pk)
        service.delete_customer(owner_id=owner_id, customer_id=customer.id, actor_id=owner_id)
        messages.success(request, f"Customer {customer.full_name} deleted.")
        return redirect("customers:dashboard")
