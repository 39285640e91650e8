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


class TooManyRequests(ApplicationError):
    """A rate limit of the application (not DRF's per-view throttles) was reached."""

    default_code = "throttled"
    default_message = "Too many requests. Try again later."

    def __init__(self, message: str | None = None, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after


class ServiceUnavailable(ApplicationError):
    """A dependency (the database, the cache) is down, hung, read-only or full. Clients get a
    503 with `Retry-After`: the request may succeed if repeated a little later."""

    default_code = "service_unavailable"
    default_message = "A service this application depends on is unavailable. Try again shortly."
