"""Password reset and change, shared by the pages and the API.

Reset tokens are Django's `PasswordResetTokenGenerator`: they expire after
PASSWORD_RESET_TIMEOUT and are tied to the password hash and last login, so a token stops
working the moment it has been used. Setting a new password ends every other session and
every token of the account."""

from dataclasses import dataclass

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from common.exceptions import ErrorDetail, ValidationFailed
from users.browser_sessions import end_sessions
from users.mail import send_account_email
from users.models import User
from users.rate_limits import spend
from users.services import password_problems
from users.tokens import revoke_all_tokens

HOUR = 3600
INVALID_LINK = "This password reset link is invalid or has expired. Ask for a new one."


def reset_link(site_url: str, user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return site_url + reverse("users:password-reset-confirm", args=[uidb64, token])


def request_password_reset(*, email: str, client_ip: str, site_url: str) -> None:
    """Email a reset link if an active account with a usable password has this address.

    The caller learns nothing either way. Limits count the address typed (whether or not an
    account has it) and the client address, so a 429 reveals nothing about accounts either."""
    email = User.objects.normalize_email(email)
    message = "Too many password reset requests. Try again later."
    spend("reset-client", client_ip, limit=settings.PASSWORD_RESET_PER_CLIENT, window=HOUR, message=message)
    spend(
        "reset-account",
        email,
        limit=settings.PASSWORD_RESET_PER_ACCOUNT,
        window=HOUR,
        message=message,
        field="email",
    )
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    send_account_email(
        to=user.email,
        template="password_reset",
        context={
            "user": user,
            "link": reset_link(site_url, user),
            "valid_minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        },
    )


def user_for_reset_token(uidb64: str, token: str) -> User | None:
    """The account a reset link is for, while the link is still valid; otherwise None."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


@dataclass(frozen=True)
class PasswordSet:
    user: User
    sessions_ended: int
    tokens_revoked: int


def _set_password(user: User, new_password: str, *, keep_session: str | None) -> PasswordSet:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sessions = end_sessions(user.pk, keep=keep_session)
    tokens = revoke_all_tokens(user.pk)
    return PasswordSet(user=user, sessions_ended=sessions, tokens_revoked=tokens)


def confirm_password_reset(*, uidb64: str, token: str, new_password: str, site_url: str) -> PasswordSet:
    """Set a new password through a reset link: every session and token of the account ends,
    its login lockout is cleared, and the owner is told by email."""
    user = user_for_reset_token(uidb64, token)
    if user is None:
        raise ValidationFailed(details=[ErrorDetail("token", "invalid_token", INVALID_LINK)])
    problems = password_problems(new_password, user, field="new_password")
    if problems:
        raise ValidationFailed(details=problems)
    with transaction.atomic():
        result = _set_password(user, new_password, keep_session=None)
        _tell_password_changed(user, site_url, reset=True)
    reset_lockout(username=user.email)
    return result


def change_password(
    *, user: User, old_password: str, new_password: str, keep_session: str | None, site_url: str
) -> PasswordSet:
    """Change a signed-in user's password: the current session (if any) stays, every other
    session and every token ends."""
    if not user.check_password(old_password):
        raise ValidationFailed(
            details=[ErrorDetail("old_password", "wrong_password", "Your current password is incorrect.")]
        )
    problems = password_problems(new_password, user, field="new_password")
    if problems:
        raise ValidationFailed(details=problems)
    with transaction.atomic():
        result = _set_password(user, new_password, keep_session=keep_session)
        _tell_password_changed(user, site_url, reset=False)
    return result


def _tell_password_changed(user: User, site_url: str, *, reset: bool) -> None:
    send_account_email(
        to=user.email,
        template="password_changed",
        context={"user": user, "reset": reset, "reset_link": site_url + reverse("users:password-reset")},
    )
