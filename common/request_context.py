"""The current request's id, carried in a context variable so that logs and error
responses can name it without threading it through every call."""

import re
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def accept_or_create_request_id(incoming: str | None) -> str:
    """Reuse an incoming id only when it is a plain token; otherwise make a new one."""
    if incoming and _SANE_REQUEST_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()
