"""Customer forms for the pages. Shape and syntax only: the rules live in the domain, and their
errors come back onto these fields through `common.forms.add_application_error`."""

import types
from collections.abc import Callable
from typing import Any

from django import forms

from common.forms import phone_help_text
from customers.domain.entities import EDITABLE_FIELDS, FIELD_SPECS, FieldKind, FieldSpec
from customers.domain.rules import MAX_AGE, MIN_AGE, NAME_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH


def _name_field(spec: FieldSpec) -> forms.Field:
    return forms.CharField(
        label=spec.label,
        max_length=NAME_MAX_LENGTH,
        required=spec.required,
        strip=False,
        help_text="Letters, spaces, hyphens, apostrophes and periods." if spec.required else "Optional.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _phone_field(spec: FieldSpec) -> forms.Field:
    return forms.CharField(
        label=spec.label,
        max_length=PHONE_INPUT_MAX_LENGTH,
        required=spec.required,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )


def _birth_date_field(spec: FieldSpec) -> forms.Field:
    return forms.DateField(
        label=spec.label,
        required=spec.required,
        input_formats=["%Y-%m-%d"],
        help_text=f"The customer must be between {MIN_AGE} and {MAX_AGE} years old.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


# How each kind of editable field is asked for on a page.
_FORM_FIELDS: dict[FieldKind, Callable[[FieldSpec], forms.Field]] = {
    "name": _name_field,
    "phone": _phone_field,
    "birth_date": _birth_date_field,
}


# A form whose declared fields are the editable ones `CustomerFields` declares, in its order,
# each built for its kind: as if written out in the class body.
_EditableFieldsForm = types.new_class(
    "_EditableFieldsForm",
    (forms.Form,),
    exec_body=lambda body: body.update({spec.name: _FORM_FIELDS[spec.kind](spec) for spec in FIELD_SPECS}),
)


class CustomerForm(_EditableFieldsForm):  # type: ignore[misc,valid-type]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in FIELD_SPECS:
            if spec.kind == "phone":  # names the server's default region, read at request time
                self.fields[spec.name].help_text = phone_help_text()


KEEP_MINE, KEEP_THEIRS = "mine", "theirs"


class CustomerEditForm(CustomerForm):
    """The edit form also carries the version it was loaded with and the values it showed then
    (`loaded_<field>`), so that a save sends only what this user changed, and saving over
    someone else's newer change is refused (and shown) instead of silently overwriting it.

    After such a conflict, a field both people changed gets a `keep_<field>` choice between
    the two values; `conflicted` lists those fields so the next submission asks for them."""

    # Optional like If-Match: a post without it (an old tab, a script) saves as before.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    conflicted = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: dict[str, tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in EDITABLE_FIELDS:
            self.fields[f"loaded_{name}"] = forms.CharField(
                widget=forms.HiddenInput, required=False, strip=False
            )
        if choices is None:  # a submission: ask again for the fields the conflict named
            named = str(self.data.get("conflicted", "")).split(",") if self.is_bound else []
            choices = {name: ("", "") for name in named if name in EDITABLE_FIELDS}
        self.conflicted_fields = list(choices)
        if choices:
            self.initial["conflicted"] = ",".join(choices)
        order = []
        for name in list(self.fields):
            order.append(name)
            if name in choices:
                mine, theirs = choices[name]
                label = self.fields[name].label
                order.append(f"keep_{name}")
                self.fields[f"keep_{name}"] = forms.ChoiceField(
                    label=f"{label}: you and someone else both changed it. Which value do you keep?",
                    choices=[(KEEP_MINE, f"Yours: {mine}"), (KEEP_THEIRS, f"Theirs (saved): {theirs}")],
                    widget=forms.RadioSelect,
                )
        self.order_fields(order)

    def loaded_text(self, name: str) -> str | None:
        """What the field showed when the form was loaded; None if the post did not say."""
        if f"loaded_{name}" not in self.data:
            return None
        return str(self.data[f"loaded_{name}"])

    def changed_by_user(self) -> list[str]:
        """The editable fields whose submitted text differs from what the form was loaded
        with (every field, for a post that does not carry the loaded values), minus those
        where the user chose to keep the other person's saved value."""
        changed = [
            name
            for name in EDITABLE_FIELDS
            if (loaded := self.loaded_text(name)) is None or str(self.data.get(name, "")) != loaded
        ]
        return [
            name
            for name in changed
            if not (name in self.conflicted_fields and self.cleaned_data.get(f"keep_{name}") == KEEP_THEIRS)
        ]
