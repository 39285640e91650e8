"""Account pages: log in, register, log out. Sessions come from Django's auth: `login()`
rotates the session key, `logout()` flushes the session so an old cookie is worthless."""

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.contrib.auth.views import LogoutView as DjangoLogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.views.generic import FormView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from users import login_steps
from users.forms import DeleteAccountForm, LoginForm, RegisterForm
from users.mail import site_url_for
from users.models import User
from users.services import REGISTRATION_RECEIVED, user_delete_account
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
