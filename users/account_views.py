"""Account pages beyond log in and register: password reset and change, email verification
and change, two-factor sign-in, and the profile page that gathers them. Each view shapes
input with a form and calls one service in users.passwords / users.verification /
users.two_factor; errors land on the form through `add_application_error`."""

from typing import Any

import django_otp
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import View

from common.exceptions import ApplicationError, NotFound
from common.forms import add_application_error
from common.throttles import client_address
from users import login_steps, passkeys, passwords, two_factor, verification
from users.browser_sessions import active_sessions, end_sessions, replace_session_key
from users.forms import (
    EmailChangeForm,
    OneTimeCodeForm,
    PasswordConfirmForm,
    PasswordResetRequestForm,
    ProfileForm,
    TotpConfirmForm,
)
from users.mail import site_url_for
from users.models import User
from users.services import update_profile

RESET_TOKEN = "users.password_reset_token"  # noqa: S105 (a session key's name)
BACKEND = login_steps.BACKEND


# --- Log in, second step -------------------------------------------------------------------


class LoginCodeView(View):
    template_name = "users/login_code.html"

    def _expired(self, request: HttpRequest) -> HttpResponse:
        login_steps.abandon(request)
        messages.info(request, "Log in again to continue.")
        return redirect("users:login")

    def _render(
        self, request: HttpRequest, user: User, form: OneTimeCodeForm, status: int = 200
    ) -> HttpResponse:
        context = {"form": form, "has_passkey": bool(passkeys.passkeys_of(user))}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        user, _ = login_steps.pending(request)
        if user is None:
            return self._expired(request)
        return self._render(request, user, OneTimeCodeForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user, _ = login_steps.pending(request)
        if user is None:
            return self._expired(request)
        form = OneTimeCodeForm(request.POST)
        if form.is_valid():
            try:
                device = two_factor.verify_second_factor(
                    user=user, code=form.cleaned_data["otp"], request=request
                )
            except two_factor.LockedOut:
                login_steps.abandon(request)
                return get_lockout_response(request, None, {"username": user.email})
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                next_url = login_steps.finish(request, user, device)
                if two_factor.is_recovery_code(device):
                    left = two_factor.recovery_codes_left(user)
                    messages.warning(request, f"You used a recovery code; {left} left.")
                return redirect(next_url)
        return self._render(request, user, form, status=400)


# --- Password reset ------------------------------------------------------------------------


class PasswordResetView(View):
    template_name = "users/password_reset.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": PasswordResetRequestForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PasswordResetRequestForm(request.POST)
        if form.is_valid():
            try:
                passwords.request_password_reset(
                    email=form.cleaned_data["email"],
                    client_ip=client_address(request),
                    site_url=site_url_for(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                return redirect("users:password-reset-sent")
        return render(request, self.template_name, {"form": form}, status=400)


class PasswordResetSentView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "users/password_reset_sent.html")


class PasswordResetConfirmView(View):
    """Django's pattern: the token leaves the address bar (and Referer headers) at once, kept
    in the session, and the form is served at a URL without it."""

    template_name = "users/password_reset_confirm.html"
    SET_PASSWORD = "set-password"  # noqa: S105 (a path segment)

    def get(self, request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
        if token != self.SET_PASSWORD:
            request.session[RESET_TOKEN] = token
            return redirect("users:password-reset-confirm", uidb64=uidb64, token=self.SET_PASSWORD)
        user = passwords.user_for_reset_token(uidb64, request.session.get(RESET_TOKEN, ""))
        if user is None:
            return render(request, self.template_name, {"invalid": True}, status=400)
        return render(request, self.template_name, {"form": SetPasswordForm(user)})

    def post(self, request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
        token = request.session.get(RESET_TOKEN, "")
        user = passwords.user_for_reset_token(uidb64, token)
        if user is None:
            return render(request, self.template_name, {"invalid": True}, status=400)
        form = SetPasswordForm(user, request.POST)
        if form.is_valid():
            try:
                result = passwords.confirm_password_reset(
                    uidb64=uidb64,
                    token=token,
                    new_password=form.cleaned_data["new_password1"],
                    site_url=site_url_for(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                request.session.pop(RESET_TOKEN, None)
                user = result.user  # with the new password's session hash
                if two_factor.has_two_factor(user):
                    messages.success(request, "Your password has been changed. Log in with it and your code.")
                    return redirect("users:login")
                login(request, user, backend=BACKEND)
                messages.success(request, "Your password has been changed and you are logged in.")
                return redirect(settings.LOGIN_REDIRECT_URL)
        return render(request, self.template_name, {"form": form}, status=400)


# --- Email verification --------------------------------------------------------------------


class VerifyEmailView(View):
    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            user = verification.verify_email(token=token, site_url=site_url_for(request))
        except ApplicationError as error:
            message = error.details[0].message
            return render(request, "users/verify_email_invalid.html", {"message": message}, status=400)
        messages.success(request, f"Your email address {user.email} is confirmed.")
        if request.user.is_authenticated and request.user.pk == user.pk:
            return redirect("users:account")
        return redirect("users:login")


class VerificationSentView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "users/verify_email_sent.html")


class ResendVerificationView(View):
    template_name = "users/verify_email_resend.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": PasswordResetRequestForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        email = request.user.email if request.user.is_authenticated else None
        form = PasswordResetRequestForm({"email": email} if email else request.POST)
        if form.is_valid():
            try:
                verification.resend_verification(
                    email=form.cleaned_data["email"],
                    client_ip=client_address(request),
                    site_url=site_url_for(request),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                return redirect("users:verify-email-sent")
        if email:
            messages.error(request, " ".join(str(e) for e in form.errors.get("email", [])))
            return redirect("users:account")
        return render(request, self.template_name, {"form": form}, status=400)


# --- The profile page and what it posts to -------------------------------------------------


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
