"""The webhooks pages (linked from the account page): endpoints, each with its delivery log,
its secret's rotation, turning it off and on, and resending a delivery."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from common.exceptions import ApplicationError, NotFound
from common.forms import add_application_error
from integrations import webhooks
from integrations.forms import WebhookForm


def _owned(request: HttpRequest, endpoint_id: int) -> Any:
    try:
        return webhooks.endpoint_of(request.user.pk, endpoint_id)  # type: ignore[arg-type]
    except NotFound as error:
        raise Http404(error.message) from error


class WebhooksView(LoginRequiredMixin, View):
    template_name = "integrations/webhooks.html"

    def page(self, request: HttpRequest, form: WebhookForm, status: int = 200, **extra: Any) -> HttpResponse:
        endpoints = webhooks.endpoints_of(request.user.pk)  # type: ignore[arg-type]
        return render(
            request, self.template_name, {"form": form, "endpoints": endpoints, **extra}, status=status
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, WebhookForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = WebhookForm(request.POST)
        if form.is_valid():
            try:
                endpoint = webhooks.create_endpoint(
                    owner_id=request.user.pk,  # type: ignore[arg-type]
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                # The secret is shown in this answer only.
                return self.page(request, WebhookForm(), new_secret=endpoint.secret, new_endpoint=endpoint)
        return self.page(request, form, status=400)


class WebhookDetailView(LoginRequiredMixin, View):
    template_name = "integrations/webhook_detail.html"

    def page(self, request: HttpRequest, endpoint_id: int, **extra: Any) -> HttpResponse:
        endpoint = _owned(request, endpoint_id)
        deliveries = webhooks.deliveries_of(request.user.pk, endpoint_id)  # type: ignore[arg-type]
        return render(request, self.template_name, {"endpoint": endpoint, "deliveries": deliveries, **extra})

    def get(self, request: HttpRequest, endpoint_id: int) -> HttpResponse:
        return self.page(request, endpoint_id)


class WebhookActionView(LoginRequiredMixin, View):
    """The detail page's buttons: turn off/on, rotate the secret, delete, resend a delivery."""

    def post(
        self, request: HttpRequest, endpoint_id: int, action: str, delivery_id: int | None = None
    ) -> HttpResponse:
        owner_id: int = request.user.pk  # type: ignore[assignment]
        endpoint = _owned(request, endpoint_id)
        if action == "toggle":
            webhooks.update_endpoint(owner_id=owner_id, endpoint_id=endpoint_id, enabled=not endpoint.enabled)
            messages.success(request, "The endpoint is turned " + ("off." if endpoint.enabled else "on."))
        elif action == "rotate":
            rotated = webhooks.rotate_secret(owner_id=owner_id, endpoint_id=endpoint_id)
            return WebhookDetailView().page(request, endpoint_id, new_secret=rotated.secret)
        elif action == "delete":
            webhooks.delete_endpoint(owner_id=owner_id, endpoint_id=endpoint_id)
            messages.success(request, f"The endpoint {endpoint.url} was deleted.")
            return redirect("integrations:webhooks")
        elif action == "resend" and delivery_id is not None:
            try:
                webhooks.resend(owner_id=owner_id, endpoint_id=endpoint_id, delivery_id=delivery_id)
            except NotFound as error:
                raise Http404(error.message) from error
            messages.success(request, "The event will be sent again.")
        else:
            raise Http404("No such action.")
        return redirect("integrations:webhook", endpoint_id=endpoint_id)
