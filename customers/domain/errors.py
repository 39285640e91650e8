"""Errors the customer rules raise. Their kinds (see `common.exceptions`) decide the HTTP status."""

from collections.abc import Sequence
from typing import Any

from common.exceptions import Conflict, ErrorDetail, NotFound, PreconditionFailed, ValidationFailed


class CustomerNotFound(NotFound):
    """No active customer with that id in the caller's book; another owner's looks the same."""

    default_code = "not_found"
    default_message = "Customer not found."


class DuplicatePhoneNumber(Conflict):
    default_code = "duplicate"
    default_message = "You already have a customer with this phone number."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, field="phone_number")


class CustomerChanged(PreconditionFailed):
    """The caller edited from a version that is no longer current (a lost update was prevented)."""

    default_code = "version_mismatch"
    default_message = "This customer was changed by someone else since you loaded it. Reload and try again."


class CustomerValidationError(ValidationFailed):
    """One or more fields break a rule; `details` lists each one."""

    def __init__(self, details: list[ErrorDetail]) -> None:
        super().__init__("Validation failed", details=details)


class NothingToUpdate(ValidationFailed):
    """An update that names no editable field: refused rather than answered as a success that
    changed nothing."""

    default_code = "no_fields"

    def __init__(self, editable: tuple[str, ...]) -> None:
        super().__init__(f"Give at least one field to change: {', '.join(editable)}.")


class PhoneReusedOnRestore(DuplicatePhoneNumber):
    default_message = (
        "This customer cannot be restored: an active customer now has the same phone number. "
        "Change or delete that customer first."
    )


class CustomerNotInTrash(Conflict):
    """Erasing is for customers in the trash: an active customer must be deleted first."""

    default_code = "not_in_trash"
    default_message = "Only a customer in the trash can be erased; delete the customer first."


class ImportFileInvalid(ValidationFailed):
    """The file itself cannot be read as a customer list; nothing was imported."""

    default_code = "invalid_file"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message, code=code or self.default_code, field="file")


class ImportRowsInvalid(ValidationFailed):
    """Some rows break the rules and the caller did not ask to skip them; nothing was imported."""

    def __init__(self, details: list[ErrorDetail], problems: Sequence[Any] = ()) -> None:
        super().__init__("Some rows cannot be imported; nothing was imported.", details=details)
        self.problems = list(problems)  # the RowProblems behind `details`, with their row numbers


__all__ = [
    "CustomerChanged",
    "CustomerNotFound",
    "CustomerNotInTrash",
    "CustomerValidationError",
    "DuplicatePhoneNumber",
    "ErrorDetail",
    "ImportFileInvalid",
    "ImportRowsInvalid",
    "NothingToUpdate",
    "PhoneReusedOnRestore",
]
