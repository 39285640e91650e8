"""Application errors shared by every app.

Plain Python on purpose: the customers domain raises these and must not depend on Django.
Each error carries a machine `code`, an optional `field` and a human `message`; the one table
in `common.error_mapping` turns an error's kind into an HTTP status.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorDetail:
    field: str | None
    code: str
    message: str


class ApplicationError(Exception):
    default_code = "error"
    default_message = "The request could not be completed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        field: str | None = None,
        details: list[ErrorDetail] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.code = code or self.default_code
        self.field = field
        self._details = list(details or [])
        super().__init__(self.message)

    @property
    def details(self) -> list[ErrorDetail]:
        """Every problem this error reports; a single-problem error reports itself."""
        if self._details:
            return list(self._details)
        return [ErrorDetail(field=self.field, code=self.code, message=self.message)]


class ValidationFailed(ApplicationError):
    default_code = "invalid"
    default_message = "Validation failed"


class NotFound(ApplicationError):
    default_code = "not_found"
    default_message = "Not found."


class Conflict(ApplicationError):
    default_code = "conflict"
    default_message = "The request conflicts with the current state."


class PreconditionFailed(ApplicationError):
    """A conditional request (`If-Match`) named a version that is no longer current."""

    default_code = "precondition_failed"
    default_message = "The resource has changed since you loaded it."


class PermissionDenied(ApplicationError):
    default_code = "permission_denied"
    default_message = "You do not have permission to perform this action."


class ServiceUnavailable(ApplicationError):
    default_code = "unavailable"
    default_message = "A service this application depends on is unavailable."


class RateLimited(ApplicationError):
    """Too many tries of something guarded (a password confirmation, say); wait and retry."""

    default_code = "throttled"
    default_message = "Too many attempts; try again later."
