"""The API keys page (linked from the account page): make a key, see it once, revoke keys."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from common.exceptions import ApplicationError
from common.forms import add_application_error
from integrations import api_keys
from integrations.forms import ApiKeyForm


class ApiKeysView(LoginRequiredMixin, View):
    template_name = "integrations/api_keys.html"

    def page(self, request: HttpRequest, form: ApiKeyForm, status: int = 200, **extra: Any) -> HttpResponse:
        keys = api_keys.keys_of(request.user.pk)  # type: ignore[arg-type]
        context = {"form": form, "keys": keys, **extra}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, ApiKeyForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiKeyForm(request.POST)
        if form.is_valid():
            try:
                api_key, key = api_keys.create_api_key(
                    owner_id=request.user.pk,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    expires_at=form.expiry(),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                # Shown in this answer only: never put in a flash message or the session.
                return self.page(request, ApiKeyForm(), new_key=key, new_key_name=api_key.name)
        return self.page(request, form, status=400)


class ApiKeyRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, key_id: int) -> HttpResponse:
        try:
            revoked = api_keys.revoke_api_key(owner_id=request.user.pk, key_id=key_id)  # type: ignore[arg-type]
        except api_keys.ApiKeyNotFound as error:
            raise Http404(error.message) from error
        messages.success(
            request, f"The API key “{revoked.name}” was revoked. Programs using it are refused now."
        )
        return redirect("integrations:api-keys")
