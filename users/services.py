"""Account services shared by the API and the pages."""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction

from common.exceptions import Conflict, ErrorDetail, ValidationFailed
from customers.domain.rules import normalize_name, normalize_phone
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
