"""Passkeys (WebAuthn) as a second factor, through django-otp-webauthn.

A passkey is one more django-otp device: once an account has two-factor sign-in, the login's
second step offers "Use a passkey" next to the code field. The ceremonies are the library's
views; what this module adds is where they meet this site's login: a passkey can only be added
once an authenticator app is on (so recovery codes exist), and the sign-in ceremony is for the
account whose password was just checked (the login's pending second step)."""

from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.models import WebAuthnCredential

from common.exceptions import ErrorDetail, NotFound, ValidationFailed
from users import login_steps
from users.models import User


def passkeys_of(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at"))


def remove_passkey(*, user: User, passkey_id: int, password: str) -> None:
    """Remove one of the user's passkeys; needs the password again. Another user's id is
    simply not found."""
    if not user.check_password(password):
        raise ValidationFailed(
            details=[ErrorDetail("password", "wrong_password", "Your password is incorrect.")]
        )
    deleted, _ = WebAuthnCredential.objects.filter(user=user, pk=passkey_id).delete()
    if not deleted:
        raise NotFound("No such passkey.")


class TwoFactorFirst(webauthn_errors.OTPWebAuthnApiError):
    status_code = 403
    default_code = "two_factor_off"
    default_detail = "Turn on two-factor sign-in with an authenticator app before adding a passkey."


class BeginPasskeyRegistrationView(webauthn_views.BeginCredentialRegistrationView):
    def check_can_register(self) -> None:
        user = self.get_user()
        if user is None or not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise TwoFactorFirst()


class CompletePasskeyRegistrationView(webauthn_views.CompleteCredentialRegistrationView):
    def check_can_register(self) -> None:
        BeginPasskeyRegistrationView.check_can_register(self)


class BeginPasskeySignInView(webauthn_views.BeginCredentialAuthenticationView):
    """The login's second step: the ceremony is for the account whose password was checked."""

    def get_user(self) -> Any:
        return login_steps.pending(self.request)[0]


class CompletePasskeySignInView(webauthn_views.CompleteCredentialAuthenticationView):
    def get_user(self) -> Any:
        return login_steps.pending(self.request)[0]

    def complete_auth(self, device: Any) -> Any:
        self._success_url = login_steps.finish(self.request, device.user, device)
        return device.user

    def get_success_url(self) -> str:
        return self._success_url
