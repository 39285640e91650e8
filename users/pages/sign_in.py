"""Log in (with the second step when two-factor sign-in is on), register and log out. Sessions
come from Django's auth: `login()` rotates the session key, `logout()` flushes the session so an
old cookie is worthless."""

from typing import Any

from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.contrib.auth.views import LogoutView as DjangoLogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import FormView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from users import login_steps, passkeys, two_factor
from users.forms import LoginForm, OneTimeCodeForm, RegisterForm
from users.mail import site_url_for
from users.models import User
from users.services import REGISTRATION_RECEIVED
from users.two_factor import has_two_factor
from users.verification import register_account


class LoginView(DjangoLoginView):
    """Django's login view: a logged-in user goes straight on, and `?next=` is followed only
    when it points at this site."""

    template_name = "users/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        if has_two_factor(user):
            return login_steps.start(self.request, user, self.get_success_url())
        return super().form_valid(form)


class LogoutView(DjangoLogoutView):
    """POST only (GET answers 405): a link or an image tag cannot log anyone out."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have been logged out.")
        return response


class RegisterView(FormView):
    template_name = "users/register.html"
    form_class = RegisterForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: RegisterForm) -> HttpResponse:
        data = {name: value for name, value in form.cleaned_data.items() if name != "password_confirm"}
        try:
            register_account(**data, site_url=site_url_for(self.request))
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        # The same answer whether the address was new or already had an account (an email
        # tells its owner which: a verification link, or a note that it already has one).
        messages.success(self.request, REGISTRATION_RECEIVED)
        return redirect(settings.LOGIN_URL)


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
