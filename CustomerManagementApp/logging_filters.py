import json
import logging
from datetime import UTC, datetime
from typing import Any

from common.request_context import current_request_id

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_RECORD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request it was logged under. Django logs a 5xx
    (`django.request`) after the middleware has returned, outside the request's context: that
    line takes the id from the request it names."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id()
        if request_id == "-":
            request_id = getattr(getattr(record, "request", None), "request_id", request_id)
        record.request_id = request_id
        return True


def _request_fields(request: Any) -> dict[str, Any]:
    """What a log line may say about a request passed as `extra={"request": ...}`: its method
    and path. Never its repr, which holds the query string (searches for phone numbers,
    tokens), nor its headers."""
    return {"method": getattr(request, "method", None), "path": getattr(request, "path", None)}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, the fields passed
    with `extra=` (the access log's method, path, status...) and the traceback, if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        for key, value in record.__dict__.items():
            if key == "request":
                for name, field in _request_fields(value).items():
                    entry.setdefault(name, field)
            elif key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
