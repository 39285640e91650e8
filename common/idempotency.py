"""`Idempotency-Key` for creating requests: a retried POST replays the first answer instead of
creating twice. An HTTP concern, so it lives here and not in any domain.

- Same user + key + body (hash of the canonical JSON) → the first response's status and body,
  with `Idempotent-Replayed: true`; nothing runs again.
- Same user + key, different body → 409 (`idempotency_key_reused`).
- Simultaneous requests with one key: the first inserts the key row and runs the request in the
  same transaction; the others block on the unique index until it commits, then replay its
  answer. (If it fails with a 5xx, its row rolls back and the next one runs instead.)
- Keys are kept `IDEMPOTENCY_KEY_TTL_HOURS` (24): an expired row is replaced when its key is
  used again (lazy expiry) and `manage.py purge_expired_data` deletes the rest (hourly).
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_yasg import openapi
from rest_framework.request import Request
from rest_framework.response import Response

from common.envelope import success_envelope
from common.exceptions import Conflict, ValidationFailed
from common.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_MAX_LENGTH = 255


def key_ttl() -> timedelta:
    """How long an answer is kept for replaying (`IDEMPOTENCY_KEY_TTL_HOURS`, default 24)."""
    return timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)


PARAMETER = openapi.Parameter(
    HEADER,
    openapi.IN_HEADER,
    description=(
        f"Optional, 1 to 255 printable ASCII characters, kept {settings.IDEMPOTENCY_KEY_TTL_HOURS} hours "
        "per user. A retry with the same key and request replays the first response, success or 4xx "
        "(header `Idempotent-Replayed: true`), and changes nothing; the same key with another "
        "request is a 409 `idempotency_key_reused`, and one still running a 409 "
        "`idempotency_in_progress`."
    ),
    type=openapi.TYPE_STRING,
    minLength=1,
    maxLength=KEY_MAX_LENGTH,
    pattern="^[ -~]+$",
    required=False,
)
REPLAYED_HEADER_DESCRIPTION = (
    "`true` when this is the stored answer to an earlier request with the same Idempotency-Key."
)


class IdempotencyKeyReused(Conflict):
    default_code = "idempotency_key_reused"
    default_message = "This Idempotency-Key was already used with a different request body."

    def __init__(self) -> None:
        super().__init__(field=HEADER)


class IdempotencyKeyInProgress(Conflict):
    default_code = "idempotency_in_progress"
    default_message = "A request with this Idempotency-Key is still being processed; retry shortly."

    def __init__(self) -> None:
        super().__init__(field=HEADER)


class _Abandon(Exception):
    """Leaves the transaction (rolling back the key) while handing out a response not worth keeping."""

    def __init__(self, response: Response) -> None:
        self.response = response


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= KEY_MAX_LENGTH or not all(" " <= char <= "~" for char in key):
        raise ValidationFailed(
            f"{HEADER} must be 1 to {KEY_MAX_LENGTH} printable ASCII characters.",
            code="invalid",
            field=HEADER,
        )
    return key


def request_fingerprint(data: object) -> str:
    """Equal for bodies that are equal as JSON, whatever their key order or spacing."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return _sha256(canonical)


def _claim(user_id: int, key_hash: str, request_hash: str) -> tuple[IdempotencyKey, bool]:
    """The key's row, and whether this request created it (and so must run)."""
    now = timezone.now()
    for _ in range(3):
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    user_id=user_id, key_hash=key_hash, request_hash=request_hash, created_at=now
                )
            return row, True
        except IntegrityError:
            pass  # taken: the insert waited for its first user's transaction to finish
        row_or_none = IdempotencyKey.objects.filter(user_id=user_id, key_hash=key_hash).first()
        if row_or_none is None:
            continue  # its first request failed and rolled back, or it was purged: try again
        if row_or_none.created_at <= now - key_ttl():
            row_or_none.delete()  # lazy expiry
            continue
        return row_or_none, False
    raise IdempotencyKeyInProgress()


def _envelope(response: Response) -> object:
    if getattr(response, "is_enveloped", False):
        return response.data
    return success_envelope(response.data, getattr(response, "envelope_message", None) or "OK")


def _replay(row: IdempotencyKey) -> Response:
    response = Response(row.response_body, status=row.response_status, headers={REPLAYED_HEADER: "true"})
    response.is_enveloped = True  # type: ignore[attr-defined]  # stored as sent: no second wrap
    return response


def upload_fingerprint(request: Request, *, form_fields: tuple[str, ...]) -> str:
    """For a multipart request: the path, the named form fields and the bytes of every file."""
    digest = hashlib.sha256(
        request_fingerprint(
            {"path": request.path, **{name: request.POST.get(name) for name in form_fields}}
        ).encode()
    )
    for name in sorted(request.FILES):
        upload = request.FILES[name]
        digest.update(name.encode())
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
    return digest.hexdigest()


def idempotent(
    request: Request,
    *,
    user_id: int,
    run: Callable[[], Response],
    fingerprint: Callable[[], str] | None = None,
) -> Response:
    """Run `run` (which answers errors as responses, not exceptions) at most once per key.
    `fingerprint` tells two requests apart (default: the JSON body)."""
    key = read_key(request)
    if key is None:
        return run()
    request_hash = fingerprint() if fingerprint else request_fingerprint(request.data)
    try:
        with transaction.atomic():
            row, is_first = _claim(user_id, _sha256(key), request_hash)
            if not is_first:
                if row.request_hash != request_hash:
                    raise IdempotencyKeyReused()
                if row.response_status is None:
                    raise IdempotencyKeyInProgress()
                return _replay(row)
            response = run()
            if response.status_code >= 500:
                raise _Abandon(response)
            row.response_status = response.status_code
            row.response_body = json.loads(json.dumps(_envelope(response), cls=DjangoJSONEncoder))
            row.save(update_fields=["response_status", "response_body"])
            return response
    except _Abandon as abandoned:
        return abandoned.response


def purge_expired(now: datetime | None = None) -> int:
    """Delete keys older than the replay window; returns how many."""
    cutoff = (now or timezone.now()) - key_ttl()
    deleted, _ = IdempotencyKey.objects.filter(created_at__lte=cutoff).delete()
    return deleted


def stored_answers(
    user_id: int, carries: Callable[[object], bool]
) -> list[tuple[datetime, datetime, object]]:
    """The user's kept answers whose body `carries` accepts: (stored at, expires at, body).
    Read for a personal-data export; at most a day of one user's keyed requests."""
    rows = IdempotencyKey.objects.filter(user_id=user_id, response_body__isnull=False).order_by("created_at")
    return [
        (row.created_at, row.created_at + key_ttl(), row.response_body)
        for row in rows.only("created_at", "response_body").iterator()
        if carries(row.response_body)
    ]


def forget_answers(user_id: int, carries: Callable[[object], bool]) -> int:
    """Delete the user's kept answers whose body `carries` accepts (an erased person's data must
    not come back as a replay); returns how many. A retry with such a key then runs afresh."""
    doomed = [
        row.pk
        for row in IdempotencyKey.objects.filter(user_id=user_id).only("pk", "response_body").iterator()
        if row.response_body is not None and carries(row.response_body)
    ]
    if not doomed:
        return 0
    deleted, _ = IdempotencyKey.objects.filter(pk__in=doomed).delete()
    return deleted
