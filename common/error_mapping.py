"""The one table from application error kinds to HTTP statuses.

The API exception handler and the page helpers both read it; no view maps errors by hand.
"""

from common.exceptions import (
    ApplicationError,
    Conflict,
    NotFound,
    PermissionDenied,
    PreconditionFailed,
    ServiceUnavailable,
    TooManyRequests,
    ValidationFailed,
)

HTTP_STATUS_BY_ERROR: dict[type[ApplicationError], int] = {
    ValidationFailed: 400,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    TooManyRequests: 429,
    ServiceUnavailable: 503,
}


def http_status_for(error: ApplicationError) -> int:
    for kind in type(error).__mro__:
        if kind in HTTP_STATUS_BY_ERROR:
            return HTTP_STATUS_BY_ERROR[kind]
    return 400


# --- Outages: infrastructure errors that mean "a dependency is down", not "a bug" ------------
# Each becomes `ServiceUnavailable` (503, `service_unavailable`, `Retry-After`) wherever it is
# raised: in an API view, in middleware, on a page. Anything else stays a 500.

try:
    from redis import exceptions as _redis
except ImportError:  # pragma: no cover - redis comes with django-redis
    CACHE_OUTAGES: tuple[type[Exception], ...] = ()
else:
    # Refused or reset connections, timeouts (a hung server), a server still loading its data,
    # a read-only replica, a full server.
    CACHE_OUTAGES = (
        _redis.ConnectionError,
        _redis.TimeoutError,
        _redis.ReadOnlyError,
        _redis.OutOfMemoryError,
    )

# SQLSTATEs (PostgreSQL) and error numbers (MySQL/MariaDB) of a database that cannot take
# writes or is out of resources, raised under DB-API classes that also cover real bugs.
_READ_ONLY_SQLSTATES = {"25006"}  # read_only_sql_transaction: a standby, default_transaction_read_only
_MYSQL_READ_ONLY_ERRNOS = {1290, 1836}  # --read-only / super-read-only; read-only transaction


# SQLite reports bugs (no such table, syntax) as OperationalError too; these primary result
# codes are the outages: busy/locked, read-only file, I/O error, disk full, cannot open.
_SQLITE_OUTAGE_CODES = {5, 6, 8, 10, 13, 14, 15}


def _database_outage(error: BaseException) -> bool:
    from django.db import InterfaceError, InternalError, OperationalError, ProgrammingError

    cause = error.__cause__
    # OperationalError: refused or lost connections, timeouts, a server shutting down, disk
    # full (PostgreSQL 53xxx), a read-only MySQL; SQLite only for its outage result codes.
    if isinstance(error, OperationalError):
        sqlite_code = getattr(cause, "sqlite_errorcode", None)
        return sqlite_code is None or (sqlite_code & 0xFF) in _SQLITE_OUTAGE_CODES
    if isinstance(error, InterfaceError):
        return True
    if isinstance(error, (InternalError, ProgrammingError)):
        if getattr(cause, "sqlstate", None) in _READ_ONLY_SQLSTATES:
            return True
        args: tuple[object, ...] = tuple(getattr(cause, "args", ()))
        return bool(args) and args[0] in _MYSQL_READ_ONLY_ERRNOS
    return False


def outage_for(error: BaseException) -> ServiceUnavailable | None:
    """The `ServiceUnavailable` an infrastructure error stands for, or None if it is not one."""
    if CACHE_OUTAGES and isinstance(error, CACHE_OUTAGES):
        return ServiceUnavailable(field="cache")
    if _database_outage(error):
        return ServiceUnavailable(field="database")
    return None
