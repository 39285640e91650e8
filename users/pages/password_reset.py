"""Password reset by email: ask for a link, then set a new password through it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.throttles import client_address
from users import login_steps, passwords, two_factor
from users.forms import PasswordResetRequestForm
from users.mail import site_url_for

RESET_TOKEN = "users.password_reset_token"  # noqa: S105 (a session key's name)
BACKEND = login_steps.BACKEND


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
