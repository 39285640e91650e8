"""Email verification: follow the emailed link, or ask for it again."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.throttles import client_address
from users import verification
from users.forms import PasswordResetRequestForm
from users.mail import site_url_for


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
