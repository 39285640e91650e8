"""Import uploads waiting between the preview and the confirm step (the Import CSV page).

A file of people's names, phone numbers and dates of birth, so it is kept only as long as it is
needed: named by the owner and a random token that only the uploader's session holds, deleted on
confirm, on a new upload, on logout, when the owner erases a customer or deletes the account, and
by `manage.py purge_expired_data` once older than `CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES`.
"""

import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings


def _directory() -> Path:
    return Path(settings.CUSTOMER_IMPORT_UPLOAD_DIR)


def path_for(owner_id: int, token: str) -> Path:
    return _directory() / f"{owner_id}-{token}.csv"


def save(owner_id: int, token: str, content: bytes) -> Path:
    _directory().mkdir(mode=0o700, parents=True, exist_ok=True)
    path = path_for(owner_id, token)
    path.write_bytes(content)
    path.chmod(0o600)
    return path


def discard(owner_id: int, token: str) -> None:
    path_for(owner_id, token).unlink(missing_ok=True)


def discard_all_of(owner_id: int) -> int:
    """Delete every pending upload of the owner; how many."""
    directory = _directory()
    if not directory.is_dir():
        return 0
    removed = 0
    for path in directory.glob(f"{int(owner_id)}-*.csv"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def sweep(*, older_than: timedelta) -> int:
    """Delete every pending upload (of anyone) last written more than `older_than` ago; how many."""
    directory = _directory()
    if not directory.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for path in directory.glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # confirmed or discarded meanwhile
    return removed
