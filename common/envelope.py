"""The one JSON shape of every API response."""

import logging
from collections.abc import Iterable
from typing import Any

from common.error_codes import ERROR_CODES, published_code
from common.exceptions import ErrorDetail

SUCCESS = "Success"
FAILURE = "Failure"

logger = logging.getLogger(__name__)


def success_envelope(data: Any, message: str) -> dict[str, Any]:
    return {"status": SUCCESS, "message": message, "errors": [], "data": data}


def _code(code: str) -> str:
    if code not in ERROR_CODES:
        logger.error("Error code %r is not in common.error_codes; sent as %r", code, published_code(code))
    return published_code(code)


def failure_envelope(message: str, errors: Iterable[ErrorDetail]) -> dict[str, Any]:
    return {
        "status": FAILURE,
        "message": message,
        "errors": [{"field": e.field, "code": _code(e.code), "message": e.message} for e in errors],
        "data": None,
    }
