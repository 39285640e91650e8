"""The one table from application error kinds to HTTP statuses.

The API exception handler and the page helpers both read it; no view maps errors by hand.
"""

from common.exceptions import (
    ApplicationError,
    Conflict,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
)

HTTP_STATUS_BY_ERROR: dict[type[ApplicationError], int] = {
    ValidationFailed: 400,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    RateLimited: 429,
    ServiceUnavailable: 503,
}


def http_status_for(error: ApplicationError) -> int:
    for kind in type(error).__mro__:
        if kind in HTTP_STATUS_BY_ERROR:
            return HTTP_STATUS_BY_ERROR[kind]
    return 400
