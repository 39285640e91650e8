"""The Django admin. With ADMIN_REQUIRE_2FA, only staff whose session passed a second factor
get in, and the admin's own password-only login sends people to the site's login, which asks
for the code. Without it, the admin login still refuses accounts that have two-factor on, so
it is never a way around their second factor."""

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from users.two_factor import has_two_factor


class AdminLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if has_two_factor(user):
            raise ValidationError(
                "This account uses two-factor sign-in: log in on the site's login page.", code="two_factor"
            )


class AccountAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.ADMIN_REQUIRE_2FA or bool(request.user.is_verified())  # type: ignore[union-attr]

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if not settings.ADMIN_REQUIRE_2FA:
            return super().login(request, extra_context)
        next_url = request.GET.get("next") or reverse("admin:index")
        if request.user.is_authenticated and request.user.is_staff:
            messages.warning(
                request, "The admin needs two-factor sign-in: turn it on here, then log in again."
            )
            return redirect("users:account")
        return redirect(reverse("users:login") + "?" + urlencode({"next": next_url}))
