"""Verified email addresses, shared by the pages and the API.

A verification link carries a signed, timestamped `{user, address, current address}`; it
expires after ACCOUNT_EMAIL_VERIFICATION_TIMEOUT. A link for a new address (an email change)
stops working once the change is made, because the account's current address no longer
matches the one signed into it."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from common.exceptions import ErrorDetail, PermissionDenied, ValidationFailed
from users.mail import send_account_email
from users.models import User
from users.rate_limits import spend
from users.services import EmailTaken, user_register

_SALT = "users.verification"
INVALID_LINK = "This verification link is invalid or has expired. Ask for a new one."


def verification_mode() -> str:
    return str(settings.ACCOUNT_EMAIL_VERIFICATION)


def login_blocked_until_verified(user: User) -> bool:
    return verification_mode() == "mandatory" and not user.email_verified


class EmailNotVerified(PermissionDenied):
    default_code = "email_not_verified"
    default_message = "Confirm your email address first: follow the link we emailed you."


def _send_link(user: User, address: str, site_url: str) -> None:
    token = signing.dumps({"u": user.pk, "e": address, "o": user.email}, salt=_SALT, compress=True)
    send_account_email(
        to=address,
        template="verify_email",
        context={
            "user": user,
            "address": address,
            "change": address != user.email,
            "link": site_url + reverse("users:verify-email", args=[token]),
            "valid_hours": settings.ACCOUNT_EMAIL_VERIFICATION_TIMEOUT // 3600,
        },
    )


def send_verification(*, user: User, site_url: str) -> None:
    """Email a link that verifies the account's address (none in mode `none`)."""
    if verification_mode() != "none" and not user.email_verified:
        _send_link(user, user.email, site_url)


def resend_verification(*, email: str, client_ip: str, site_url: str) -> None:
    """Send the link again; the same answer whether or not such an unverified account exists."""
    email = User.objects.normalize_email(email)
    message = "Too many verification emails. Try again later."
    per_hour = settings.ACCOUNT_EMAIL_RESEND_PER_HOUR
    spend("verify-client", client_ip, limit=per_hour * 10, window=3600, message=message)
    spend("verify-account", email, limit=per_hour, window=3600, message=message, field="email")
    user = User.objects.filter(email=email, is_active=True).first()
    if user is not None:
        send_verification(user=user, site_url=site_url)


def verify_email(*, token: str, site_url: str) -> User:
    """Follow a verification link: the address is marked verified, or, for an email change,
    becomes the account's address (verified) and the old address is told."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.ACCOUNT_EMAIL_VERIFICATION_TIMEOUT)
        user_id, address, issued_for = int(data["u"]), str(data["e"]), str(data["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationFailed(details=[ErrorDetail("token", "invalid_token", INVALID_LINK)]) from error
    user = User.objects.filter(pk=user_id, is_active=True, email=issued_for).first()
    if user is None:
        raise ValidationFailed(details=[ErrorDetail("token", "invalid_token", INVALID_LINK)])
    if address == user.email:
        if not user.email_verified:
            user.email_verified = True
            user.save(update_fields=["email_verified"])
        return user
    old_address = user.email
    user.email, user.email_verified = address, True
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified"])
            send_account_email(
                to=old_address,
                template="email_changed",
                context={"user": user, "old_address": old_address, "new_address": address},
            )
    except IntegrityError as error:
        raise EmailTaken() from error
    return user


def request_email_change(*, user: User, password: str, new_email: str, site_url: str) -> None:
    """Ask to use another address: needs the password; nothing changes until the owner of
    the new address follows the link sent there."""
    new_email = User.objects.normalize_email(new_email)
    if not user.check_password(password):
        raise ValidationFailed(
            details=[ErrorDetail("password", "wrong_password", "Your password is incorrect.")]
        )
    if new_email == user.email:
        raise ValidationFailed(
            details=[ErrorDetail("new_email", "unchanged", "This is already your email address.")]
        )
    spend(
        "email-change",
        str(user.pk),
        limit=settings.ACCOUNT_EMAIL_RESEND_PER_HOUR,
        window=3600,
        message="Too many email change requests. Try again later.",
        field="new_email",
    )
    if User.objects.filter(email=new_email).exists():
        # Told to the signed-in owner of a password only; the link would fail anyway.
        raise EmailTaken(field="new_email")
    _send_link(user, new_email, site_url)


def register_account(*, site_url: str, **fields: str) -> User | None:
    """`user_register`, then an email to the address: the verification link for a new account,
    or, when the address already has one, a note saying so with the way to reset its password.
    The caller answers both the same (REGISTRATION_RECEIVED); only the mailbox's owner learns
    which it was."""
    user = user_register(**fields, default_region=settings.PHONENUMBER_DEFAULT_REGION)
    if user is not None:
        send_verification(user=user, site_url=site_url)
        return user
    existing = User.objects.filter(
        email=User.objects.normalize_email(fields["email"]), is_active=True
    ).first()
    if existing is not None:
        send_account_email(
            to=existing.email,
            template="account_exists",
            context={
                "user": existing,
                "login_link": site_url + reverse("users:login"),
                "reset_link": site_url + reverse("users:password-reset"),
            },
        )
    return None
