"""Account services shared by the API and the pages."""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction

from common.exceptions import ErrorDetail, ValidationFailed
from customers.domain.rules import normalize_name, normalize_phone
from users.models import User

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
    candidate = User(email=email, first_name=first, last_name=last)
    try:
        password_validation.validate_password(password, user=candidate)
    except DjangoValidationError as error:
        problems += [
            ErrorDetail("password", item.code or "invalid_password", " ".join(item.messages))
            for item in error.error_list
        ]
    if problems:
        raise ValidationFailed(details=problems)
    fields: dict[str, Any] = {"first_name": first, "last_name": last, "phone_number": phone}
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, **fields)
    except IntegrityError:
        return None
