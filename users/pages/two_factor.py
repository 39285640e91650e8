"""Two-factor sign-in from the profile page: set up an authenticator app, turn it off, renew
the recovery codes, remove a passkey."""

import django_otp
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View

from common.exceptions import ApplicationError, NotFound
from common.forms import add_application_error
from users import passkeys, two_factor
from users.forms import PasswordConfirmForm, TotpConfirmForm
from users.mail import site_url_for
from users.pages.account import AccountView


def _show_recovery_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """The codes are shown this once: no browser or proxy may keep the page."""
    response = render(request, "users/recovery_codes.html", {"codes": codes})
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True)
    return response


class TwoFactorSetupView(LoginRequiredMixin, View):
    template_name = "users/two_factor_setup.html"

    def _render(self, request: HttpRequest, form: TotpConfirmForm, status: int = 200) -> HttpResponse:
        device = two_factor.start_totp_setup(user=request.user)  # type: ignore[arg-type]
        context = {
            "form": form,
            "qr": two_factor.totp_qr_data_uri(device),
            "secret": two_factor.totp_secret(device),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, TotpConfirmForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TotpConfirmForm(request.POST)
        if form.is_valid():
            try:
                device, codes = two_factor.confirm_totp_setup(
                    user=request.user,  # type: ignore[arg-type]
                    code=form.cleaned_data["code"],
                    site_url=site_url_for(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                django_otp.login(request, device)
                messages.success(request, "Two-factor sign-in is on.")
                return _show_recovery_codes(request, codes)
        return self._render(request, form, status=400)


class TwoFactorDisableView(AccountView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("users:account")

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = PasswordConfirmForm(request.POST, prefix="disable")
        if form.is_valid():
            try:
                two_factor.disable_two_factor(
                    user=request.user,  # type: ignore[arg-type]
                    password=form.cleaned_data["password"],
                    site_url=site_url_for(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, "Two-factor sign-in is off.")
                return redirect("users:account")
        return render(request, self.template_name, self.context(request, disable_form=form), status=400)


class RecoveryCodesView(AccountView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("users:account")

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = PasswordConfirmForm(request.POST, prefix="codes")
        if form.is_valid():
            try:
                codes = two_factor.regenerate_recovery_codes(
                    user=request.user,  # type: ignore[arg-type]
                    password=form.cleaned_data["password"],
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, "New recovery codes; the old ones no longer work.")
                return _show_recovery_codes(request, codes)
        return render(request, self.template_name, self.context(request, codes_form=form), status=400)


class PasskeyRemoveView(AccountView):
    def get(self, request: HttpRequest, passkey_id: int) -> HttpResponse:  # type: ignore[override]
        return redirect("users:account")

    def post(self, request: HttpRequest, passkey_id: int) -> HttpResponseBase:  # type: ignore[override]
        form = PasswordConfirmForm(request.POST, prefix=f"passkey{passkey_id}")
        if form.is_valid():
            try:
                passkeys.remove_passkey(
                    user=request.user,  # type: ignore[arg-type]
                    passkey_id=passkey_id,
                    password=form.cleaned_data["password"],
                )
            except NotFound as error:
                raise Http404(error.message) from error
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, "The passkey has been removed.")
                return redirect("users:account")
        messages.error(request, "Your password is incorrect; the passkey was not removed.")
        return redirect("users:account")
