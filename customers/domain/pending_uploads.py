"""Where an import upload waits between the preview and the confirm step of the Import CSV page.

The pages speak to this port; the app's start-up (`customers.apps`) hands it the store kept by
the repositories (`customers.repositories.pending_imports`), so the pages never name it.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Protocol


class PendingUploadStore(Protocol):
    """Uploads named by their owner and a random token that only the uploader's session holds."""

    def path_for(self, owner_id: int, token: str) -> Path: ...

    def save(self, owner_id: int, token: str, content: bytes) -> Path: ...

    def discard(self, owner_id: int, token: str) -> None: ...


_store: Callable[[], PendingUploadStore] | None = None


def configure(*, store: Callable[[], PendingUploadStore]) -> None:
    global _store
    _store = store


def pending_upload_store() -> PendingUploadStore:
    if _store is None:
        raise RuntimeError("pending_upload_store() used before the customers app was configured")
    return _store()
