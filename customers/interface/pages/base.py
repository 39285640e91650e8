"""What every customer page shares: login, the 404 for a customer not in the caller's book,
the caller's id, and how a field value reads on a page.

No rule lives in the pages. Domain errors go back onto the form (`add_application_error`); a
customer that is not in the caller's book answers 404 (`CustomerPageMixin`), exactly like the API.
"""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponseBase

from customers.domain.errors import CustomerNotFound
from customers.domain.rules import format_phone_international

PAGE_SIZE = 10


def caller_id(request: HttpRequest) -> int:
    return int(request.user.pk or 0)  # LoginRequiredMixin has run: always a real id


class CustomerPageMixin(LoginRequiredMixin):
    """Login required; a customer missing from the caller's book (another owner's, deleted,
    unknown) is a 404 page, decided here once rather than in each view."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except CustomerNotFound as error:
            raise Http404(error.message) from error


def shown(field: str, value: Any) -> str:
    """A field value as people read it on the pages."""
    if value is None or value == "":
        return "—"
    if field == "phone_number":
        return format_phone_international(str(value))
    if field == "date_of_birth" and hasattr(value, "strftime"):
        return f"{value.day} {value.strftime('%b %Y')}"
    return str(value)
