"""Account pages: log in, register, log out. Sessions come from Django's auth: `login()`
rotates the session key, `logout()` flushes the session so an old cookie is worthless."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.contrib.auth.views import LogoutView as DjangoLogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.views.generic import FormView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from users.forms import LoginForm, RegisterForm
from users.services import REGISTRATION_RECEIVED, user_register


class LoginView(DjangoLoginView):
    """Django's login view: a logged-in user goes straight on, and `?next=` is followed only
    when it points at this site."""

    template_name = "users/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
            user_register(**data, default_region=settings.PHONENUMBER_DEFAULT_REGION)
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        # The same answer whether the address was new or already had an account.
        messages.success(self.request, REGISTRATION_RECEIVED)
        return redirect(settings.LOGIN_URL)
