"""The profile page and the forms it posts: name, password, email address, other sessions,
and deleting the account. Each view shapes input with a form and calls one service; errors land
on the form through `add_application_error`."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import FormView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from users import passkeys, passwords, two_factor, verification
from users.browser_sessions import active_sessions, end_sessions, replace_session_key
from users.forms import DeleteAccountForm, EmailChangeForm, PasswordConfirmForm, ProfileForm
from users.mail import site_url_for
from users.models import User
from users.services import update_profile, user_delete_account


class AccountView(LoginRequiredMixin, View):
    template_name = "users/account.html"

    def context(self, request: HttpRequest, **forms: Any) -> dict[str, Any]:
        user = request.user
        assert isinstance(user, User)
        return {
            "profile_form": forms.get("profile_form") or ProfileForm(initial=_names(user)),
            "email_form": forms.get("email_form") or EmailChangeForm(),
            "password_form": forms.get("password_form") or PasswordChangeForm(user),
            "two_factor_on": two_factor.has_two_factor(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
            "disable_form": forms.get("disable_form") or PasswordConfirmForm(prefix="disable"),
            "codes_form": forms.get("codes_form") or PasswordConfirmForm(prefix="codes"),
            "passkeys": passkeys.passkeys_of(user),
            "sessions": active_sessions(user),
            "current_session": request.session.session_key,
            "verification": verification.verification_mode(),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, self.context(request))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        """The profile (name) form posts here; the others post to their own views."""
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                update_profile(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, "Your name has been saved.")
                return redirect("users:account")
        return render(request, self.template_name, self.context(request, profile_form=form), status=400)


def _names(user: User) -> dict[str, str]:
    return {"first_name": user.first_name, "last_name": user.last_name}


class PasswordChangeView(AccountView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("users:account")

    def post(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        assert isinstance(user, User)
        form = PasswordChangeForm(user, request.POST)
        if form.is_valid():
            try:
                passwords.change_password(
                    user=user,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password1"],
                    keep_session=request.session.session_key,
                    site_url=site_url_for(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                old_key = request.session.session_key
                update_session_auth_hash(request, user)
                replace_session_key(old_key, request)
                messages.success(
                    request, "Your password has been changed. Your other sessions were signed out."
                )
                return redirect("users:account")
        return render(request, self.template_name, self.context(request, password_form=form), status=400)


class EmailChangeView(AccountView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("users:account")

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = EmailChangeForm(request.POST)
        if form.is_valid():
            try:
                verification.request_email_change(
                    user=request.user,  # type: ignore[arg-type]
                    password=form.cleaned_data["password"],
                    new_email=form.cleaned_data["new_email"],
                    site_url=site_url_for(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(
                    request,
                    f"We sent a link to {form.cleaned_data['new_email']}. Your address changes when you follow it.",
                )
                return redirect("users:account")
        return render(request, self.template_name, self.context(request, email_form=form), status=400)


class SignOutOtherSessionsView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        ended = end_sessions(request.user.pk, keep=request.session.session_key)  # type: ignore[arg-type]
        messages.success(request, f"Signed out of {ended} other session{'s' if ended != 1 else ''}.")
        return redirect("users:account")


class DeleteAccountView(LoginRequiredMixin, FormView):
    """Delete my account: the password and a tick box confirm it; then the browser is logged out."""

    template_name = "users/delete_account.html"
    form_class = DeleteAccountForm

    def form_valid(self, form: DeleteAccountForm) -> HttpResponse:
        try:
            user = cast(User, self.request.user)  # LoginRequiredMixin has run
            user_delete_account(user=user, password=form.cleaned_data["password"])
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        logout(self.request)
        messages.success(self.request, "Your account and everything in it have been deleted.")
        return redirect("users:login")
