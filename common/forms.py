from django import forms
from django.conf import settings

from common.exceptions import ApplicationError


def add_application_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Put each problem an application error reports on the form field it names
    (or on the form as a whole), so pages and the admin show domain errors in place."""
    for detail in error.details:
        field = detail.field if detail.field in form.fields else None
        form.add_error(field, forms.ValidationError(detail.message, code=detail.code))


def phone_help_text() -> str:
    """Which phone formats a form accepts: the same words on every page that asks for a number."""
    region = settings.PHONENUMBER_DEFAULT_REGION
    return f"International format such as +14155550123, or a national number for region {region}."
