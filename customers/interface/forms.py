"""Customer forms for the pages. Shape and syntax only: the rules live in the domain, and their
errors come back onto these fields through `common.forms.add_application_error`."""

from typing import Any

from django import forms

from common.forms import phone_help_text
from customers.domain.rules import MAX_AGE, MIN_AGE, NAME_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH


class CustomerForm(forms.Form):
    first_name = forms.CharField(
        label="First name",
        max_length=NAME_MAX_LENGTH,
        strip=False,
        help_text="Letters, spaces, hyphens, apostrophes and periods.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=NAME_MAX_LENGTH,
        required=False,
        strip=False,
        help_text="Optional.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone_number = forms.CharField(
        label="Phone number",
        max_length=PHONE_INPUT_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        input_formats=["%Y-%m-%d"],
        help_text=f"The customer must be between {MIN_AGE} and {MAX_AGE} years old.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone_number"].help_text = phone_help_text()


class CustomerEditForm(CustomerForm):
    """The edit form also carries the version it was loaded with, so saving over someone
    else's newer change is refused (and shown) instead of silently overwriting it."""

    # Optional like If-Match: a post without it (an old tab, a script) saves as before.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
