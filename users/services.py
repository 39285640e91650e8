"""Account services shared by the API and the pages."""

from importlib import import_module
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY, password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from common.exceptions import Conflict, ErrorDetail, TooManyRequests, ValidationFailed
from customers.domain.rules import normalize_name, normalize_phone
from customers.domain.service_factory import customer_service
from users.models import User


class EmailTaken(Conflict):
    default_code = "duplicate"
    default_message = "An account with this email address already exists."

    def __init__(self, *, field: str = "email") -> None:
        super().__init__(field=field)


def password_problems(password: str, user: User, *, field: str = "password") -> list[ErrorDetail]:
    """Django's password validators (AUTH_PASSWORD_VALIDATORS), as field errors."""
    try:
        password_validation.validate_password(password, user=user)
    except DjangoValidationError as error:
        return [
            ErrorDetail(field, item.code or "invalid_password", " ".join(item.messages))
            for item in error.error_list
        ]
    return []


REGISTRATION_RECEIVED = (
    "Thanks for signing up. Check your email: if the address is new here, your account is ready"
    " and you can log in; if it already has an account, log in with that account's password."
)


def user_register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str = "",
    phone_number: str = "",
    default_region: str,
) -> User | None:
    """Create an account after the name, phone and password rules have passed; None when the
    address already has one. Callers answer both cases with the same words
    (`REGISTRATION_RECEIVED`), and both cost the same: the password is hashed and the insert
    attempted either way, the unique index deciding, so neither the answer nor its timing
    tells whether an address has an account."""
    email = User.objects.normalize_email(email)
    problems: list[ErrorDetail] = []
    if email.startswith('"'):
        # RFC 5321 allows a quoted local part ("<b>"@example.com); no mail provider hands
        # those out, and they would carry markup into every page and email naming the user.
        problems.append(ErrorDetail("email", "invalid", "Enter an address without quotation marks."))
    first, problem = normalize_name(first_name, field="first_name", required=True)
    problems += [problem] if problem else []
    last, problem = normalize_name(last_name, field="last_name", required=False)
    problems += [problem] if problem else []
    phone = ""
    if phone_number.strip():
        phone, problem = normalize_phone(phone_number, default_region=default_region)
        problems += [problem] if problem else []
    problems += password_problems(password, User(email=email, first_name=first, last_name=last))
    if problems:
        raise ValidationFailed(details=problems)
    fields: dict[str, Any] = {"first_name": first, "last_name": last, "phone_number": phone}
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, **fields)
    except IntegrityError:
        return None


def update_profile(*, user: User, first_name: str, last_name: str = "") -> User:
    """Rename an account under the same name rule as registration."""
    problems: list[ErrorDetail] = []
    first, problem = normalize_name(first_name, field="first_name", required=True)
    problems += [problem] if problem else []
    last, problem = normalize_name(last_name, field="last_name", required=False)
    problems += [problem] if problem else []
    if problems:
        raise ValidationFailed(details=problems)
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


class WrongPassword(ValidationFailed):
    default_code = "wrong_password"
    default_message = "That is not your password."

    def __init__(self) -> None:
        super().__init__(field="password")


# Wrong passwords allowed when confirming an account deletion, per account, in the shared cache:
# a stolen session or token must not become a way to guess the password (API and page alike).
DELETE_PASSWORD_TRIES = 5
DELETE_PASSWORD_WINDOW_SECONDS = 15 * 60


class TooManyPasswordTries(TooManyRequests):
    default_message = "Too many wrong passwords. Try again in 15 minutes."

    def __init__(self) -> None:
        super().__init__(retry_after=DELETE_PASSWORD_WINDOW_SECONDS, field="password")


def _confirm_password(user: User, password: str) -> None:
    key = f"account-delete-tries:{user.pk}"
    if (cache.get(key) or 0) >= DELETE_PASSWORD_TRIES:
        raise TooManyPasswordTries()
    if password and user.check_password(password):
        return
    cache.add(key, 0, timeout=DELETE_PASSWORD_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=DELETE_PASSWORD_WINDOW_SECONDS)
    raise WrongPassword()


def _sessions_of(user_id: int) -> list[str]:
    """Keys of the user's unexpired browser sessions. Sessions are not indexed by user, so each
    is decoded: a scan, acceptable for an action a user takes once."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = store.get_model_class()
    wanted = str(user_id)
    return [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == wanted
    ]


def user_delete_account(*, user: User, password: str) -> None:
    """Close an account for good, once the password is confirmed: every customer of the user
    with every history row and kept copy (through the customer erase path), every refresh
    token, every browser session, the failed and successful login records under the email,
    and the user row. Their access tokens stop working (the user no longer exists), and the
    email can register again. At most `DELETE_PASSWORD_TRIES` wrong passwords per 15 minutes."""
    _confirm_password(user, password)
    with transaction.atomic():
        customer_service().erase_book(owner_id=user.pk, actor_id=None, reason="account_deleted")
        OutstandingToken.objects.filter(user_id=user.pk).delete()  # blacklist rows go with them
        session_model = import_module(settings.SESSION_ENGINE).SessionStore.get_model_class()
        session_model.objects.filter(session_key__in=_sessions_of(user.pk)).delete()
        for log in (AccessAttempt, AccessLog, AccessFailureLog):
            log.objects.filter(username__iexact=user.email).delete()
        user.delete()
