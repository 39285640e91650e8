from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from customers.domain.ports import CUSTOMER_EVENTS
from integrations.models import ApiKeyScope


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What the key is for, e.g. “Shop sync”.")
    scope = forms.ChoiceField(
        choices=ApiKeyScope.choices,
        initial=ApiKeyScope.READ,
        widget=forms.RadioSelect,
        help_text="A read-only key cannot create, change or delete anything.",
    )
    expires_at = forms.DateField(
        label="Expires after",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The key works until the end of this day. Empty: until you revoke it.",
    )

    def expiry(self) -> datetime | None:
        """The moment the key stops working: the midnight that ends the chosen day."""
        day: date | None = self.cleaned_data.get("expires_at")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class WebhookForm(forms.Form):
    url = forms.CharField(
        label="Endpoint URL", max_length=2000, help_text="An https address on the public internet."
    )
    events = forms.MultipleChoiceField(
        choices=[(e, e) for e in CUSTOMER_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        initial=list(CUSTOMER_EVENTS),
        help_text="The changes to send.",
    )
