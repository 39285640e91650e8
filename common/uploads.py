"""Uploads stop at the size the app accepts, before they reach memory or disk.

`UPLOAD_MAX_BYTES` (the largest file any form takes: the customer import's limit) bounds each
uploaded file. A request that declares a larger body is refused before it is read
(`CustomerManagementApp.middlewares.UploadSizeMiddleware`); one that sends more than it
declared, or sends chunks without a length, has the file dropped as soon as it passes the
limit: nothing beyond it is kept, in memory or in /tmp.
"""

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

# Room for the multipart boundaries, part headers and the small form fields.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def declared_upload_too_large(request: HttpRequest) -> bool:
    if not request.content_type or not request.content_type.startswith("multipart/"):
        return False
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > settings.UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD_BYTES


def upload_was_too_large(request: Any) -> bool:
    """Whether a file of this request was dropped for passing `UPLOAD_MAX_BYTES`."""
    return bool(getattr(getattr(request, "_request", request), "upload_too_large", False))


class LimitedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes chunks on to Django's memory and temp-file
    handlers until a file passes the limit, then drops that file and marks the request."""

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            if self.request is not None:
                self.request.upload_too_large = True  # type: ignore[attr-defined]
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file
