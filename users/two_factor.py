"""Two-factor sign-in with django-otp, shared by the pages and the API: an authenticator app
(TOTP, confirmed with a code before it counts) plus ten single-use recovery codes.

A code is checked with the device's own `verify_token`, which remembers the last time step
used (a replayed code is refused) and deletes a recovery code once spent. A wrong code is
reported to django-axes as a failed login, so it counts toward the same lockout as a wrong
password."""

import re
from base64 import b32encode

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from common.exceptions import ErrorDetail, TooManyRequests, ValidationFailed
from users.mail import send_account_email
from users.models import User

WRONG_CODE = "The code is incorrect or has already been used."
_TOTP_SHAPE = re.compile(r"^\d{6}$")


class LockedOut(TooManyRequests):
    default_code = "locked_out"
    default_message = "Too many failed login attempts. Try again later."


def has_two_factor(user: User) -> bool:
    """On exactly when a confirmed authenticator app exists: recovery codes are made with it,
    passkeys can only be added next to it, and turning it off removes all three. So one query
    answers, instead of one per device table."""
    return bool(user.is_authenticated) and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _require_password(user: User, password: str) -> None:
    if not user.check_password(password):
        raise ValidationFailed(
            details=[ErrorDetail("password", "wrong_password", "Your password is incorrect.")]
        )


def start_totp_setup(*, user: User) -> TOTPDevice:
    """The authenticator to scan: a new unconfirmed TOTP device (or the one not confirmed yet)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """The key in base32, grouped in fours, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as a QR code: SVG rendered here, as a data: URI (no outside service)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def confirm_totp_setup(*, user: User, code: str, site_url: str) -> tuple[TOTPDevice, list[str]]:
    """Turn on two-factor sign-in once a code from the scanned app checks out; returns the
    device and the recovery codes, which are shown this once."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not device.verify_token(_clean(code)):
            raise ValidationFailed(details=[ErrorDetail("code", "invalid_code", WRONG_CODE)])
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        _tell(user, "turned on", site_url)
    return device, codes


def regenerate_recovery_codes(*, user: User, password: str) -> list[str]:
    """New recovery codes (the old ones stop working); needs the password again."""
    _require_password(user, password)
    if not has_two_factor(user):
        raise ValidationFailed(
            details=[ErrorDetail(None, "two_factor_off", "Two-factor sign-in is not turned on.")]
        )
    with transaction.atomic():
        return _new_recovery_codes(user)


def disable_two_factor(*, user: User, password: str, site_url: str) -> None:
    """Remove the authenticator, the recovery codes and any passkey; needs the password again."""
    _require_password(user, password)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        WebAuthnCredential.objects.filter(user=user).delete()
        _tell(user, "turned off", site_url)


def is_recovery_code(device: Device) -> bool:
    return isinstance(device, StaticDevice)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()[:16]


def verify_second_factor(*, user: User, code: str, request: HttpRequest) -> Device:
    """The device that accepts `code` (a TOTP code or an unused recovery code), or
    ValidationFailed on field `otp`. Refused outright while the account is locked out."""
    credentials = {"username": user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        raise LockedOut(retry_after=int(settings.AXES_COOLOFF_TIME.total_seconds()))
    token = _clean(code)
    kind = TOTPDevice if _TOTP_SHAPE.match(token) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(token):
                return device
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if AxesProxyHandler.is_locked(request, credentials):  # this failure reached the limit
        raise LockedOut(retry_after=int(settings.AXES_COOLOFF_TIME.total_seconds()))
    raise ValidationFailed(details=[ErrorDetail("otp", "invalid_otp", WRONG_CODE)])


def _tell(user: User, action: str, site_url: str) -> None:
    send_account_email(
        to=user.email,
        template="two_factor_changed",
        context={"user": user, "action": action, "reset_link": site_url + reverse("users:password-reset")},
    )
