"""The one JSON shape of every API response."""

from collections.abc import Iterable
from typing import Any

from common.exceptions import ErrorDetail

SUCCESS = "Success"
FAILURE = "Failure"


def success_envelope(data: Any, message: str) -> dict[str, Any]:
    return {"status": SUCCESS, "message": message, "errors": [], "data": data}


def failure_envelope(message: str, errors: Iterable[ErrorDetail]) -> dict[str, Any]:
    return {
        "status": FAILURE,
        "message": message,
        "errors": [{"field": e.field, "code": e.code, "message": e.message} for e in errors],
        "data": None,
    }
