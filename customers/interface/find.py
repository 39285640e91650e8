"""Search, filter and ordering parameters, read the same way by the API and the dashboard.

A Django form checks their syntax (one place for both edges); the domain turns the cleaned
values into a `CustomerQuery` (`CustomerService.build_query`). Malformed values become a
`ValidationFailed` naming each parameter (the API answers 400) or form errors (the page).
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict
from django.utils import timezone

from common.exceptions import ErrorDetail, ValidationFailed
from customers.domain.queries import DEFAULT_ORDERING, ORDERING_FIELDS, CustomerQuery
from customers.domain.rules import MAX_AGE
from customers.domain.services import CustomerService

FIND_PARAMETERS = ("search", "age_min", "age_max", "created_from", "created_to", "ordering")
_LABELS = {
    "last_name": "Last name",
    "first_name": "First name",
    "date_of_birth": "Date of birth",
    "created_at": "Added",
    "updated_at": "Last changed",
}
ORDERING_CHOICES = [
    (name, f"{_LABELS[field]} {arrow}")
    for field in ORDERING_FIELDS
    for name, arrow in ((field, "↑"), (f"-{field}", "↓"))
]
SEARCH_MAX_LENGTH = 100
# A day's bounds (its start, the next day's start) in any time zone must be representable:
# the first and the last day of the calendar are not.
_CREATED_RANGE = [
    MinValueValidator(date(1, 1, 2), message="Enter a date from 0001-01-02 to 9999-12-30."),
    MaxValueValidator(date(9999, 12, 30), message="Enter a date from 0001-01-02 to 9999-12-30."),
]


class CustomerFindForm(forms.Form):
    search = forms.CharField(
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or phone"}),
    )
    age_min = forms.IntegerField(required=False, min_value=0, max_value=MAX_AGE + 1, label="Age from")
    age_max = forms.IntegerField(required=False, min_value=0, max_value=MAX_AGE + 1, label="Age to")
    created_from = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=_CREATED_RANGE,
        label="Added from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    created_to = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=_CREATED_RANGE,
        label="Added to",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ordering = forms.ChoiceField(required=False, choices=ORDERING_CHOICES, label="Order by")


def _start_of(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def query_from_form(form: CustomerFindForm, service: CustomerService) -> CustomerQuery:
    """The domain query for a valid form (dates are whole days in the current time zone)."""
    data: dict[str, Any] = form.cleaned_data
    created_to: date | None = data.get("created_to")
    return service.build_query(
        search=data.get("search") or "",
        age_min=data.get("age_min"),
        age_max=data.get("age_max"),
        created_from=_start_of(data.get("created_from")),
        created_before=_start_of(created_to + timedelta(days=1)) if created_to else None,
        ordering=data.get("ordering") or DEFAULT_ORDERING,
    )


def asks_to_find(params: QueryDict) -> bool:
    """Whether any find parameter has a value. Without one, the query is the plain list
    (`CustomerQuery()`), with nothing to validate: the common case skips building the form."""
    return any(params.get(name) for name in FIND_PARAMETERS)


def query_from_params(params: QueryDict, service: CustomerService) -> CustomerQuery:
    """For the API: the query, or `ValidationFailed` listing each malformed parameter."""
    if not asks_to_find(params):
        return CustomerQuery()
    form = CustomerFindForm(params)
    if not form.is_valid():
        raise ValidationFailed(
            "Invalid query parameters.",
            details=[
                ErrorDetail(name, error.code or "invalid", " ".join(error.messages))
                for name, errors in form.errors.as_data().items()
                for error in errors
            ],
        )
    return query_from_form(form, service)


def find_query_string(params: QueryDict) -> str:
    """The find parameters of a request, URL-encoded, for links that must keep them."""
    kept = QueryDict(mutable=True)
    for name in FIND_PARAMETERS:
        value = params.get(name)
        if value:
            kept[name] = value
    return kept.urlencode()
