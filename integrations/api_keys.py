"""API keys: made, listed, revoked and checked here, for the API, the pages and the admin.

A key is `cmk_<8 characters>.<43 characters>`: the part before the dot is the lookup prefix
(stored, unique, shown in lists), the whole key is stored only as HMAC-SHA256 under a server
pepper (`API_KEY_PEPPER`). The secret carries 256 random bits, so a keyed fast hash is as
strong as a slow one and costs microseconds per request; without the pepper, a copy of the
database cannot even confirm a guess. djangorestframework-api-key's scheme (prefix lookup, then
a constant-time hash comparison), with an owner, a scope and a last-used time on the key."""

import hashlib
import hmac
import secrets
import string
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from common.exceptions import NotFound, PermissionDenied, ValidationFailed
from integrations.models import ApiKey, ApiKeyScope

KEY_MARK = "cmk_"
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
_PREFIX_LENGTH = 8


class ApiKeyNotFound(NotFound):
    default_message = "API key not found."


class InsufficientScope(PermissionDenied):
    default_code = "insufficient_scope"
    default_message = "This API key is read-only: it cannot change anything. Use a read_write key."


class ApiKeyNotAllowed(PermissionDenied):
    default_message = (
        "An API key cannot do this: API keys and the account are managed only when signed in "
        "(a JWT access token or the web pages)."
    )


def _pepper() -> bytes:
    return str(settings.API_KEY_PEPPER).encode()


def key_hash(key: str) -> str:
    return hmac.new(_pepper(), key.encode(), hashlib.sha256).hexdigest()


def _new_prefix() -> str:
    return KEY_MARK + "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(_PREFIX_LENGTH))


def keys_of(owner_id: int) -> QuerySet[ApiKey]:
    """The owner's keys that are not revoked (expired ones included: they show as expired)."""
    return ApiKey.objects.filter(owner_id=owner_id, revoked_at__isnull=True)


def create_api_key(
    *, owner_id: int, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """A new key for the owner: the stored row and the key itself, which is never shown again."""
    name = name.strip()
    if not name:
        raise ValidationFailed("Give the key a name.", code="blank", field="name")
    if scope not in ApiKeyScope.values:
        raise ValidationFailed("The scope is read or read_write.", code="invalid_choice", field="scope")
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed("The expiry must be in the future.", code="not_in_future", field="expires_at")
    for _ in range(3):  # a prefix collision (36^8 prefixes) gets a new prefix
        prefix = _new_prefix()
        key = f"{prefix}.{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                api_key = ApiKey.objects.create(
                    owner_id=owner_id,
                    name=name,
                    scope=scope,
                    prefix=prefix,
                    key_hash=key_hash(key),
                    expires_at=expires_at,
                )
        except IntegrityError:
            continue
        return api_key, key
    raise RuntimeError("Could not find a free API key prefix.")  # pragma: no cover


def revoke_api_key(*, owner_id: int, key_id: int) -> ApiKey:
    """Revoke one of the owner's keys; the next request with it is refused. Another owner's
    key, or one already revoked, is not found."""
    api_key = keys_of(owner_id).filter(pk=key_id).first()
    if api_key is None:
        raise ApiKeyNotFound(field="key_id")
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    return api_key


class KeyRefused(Exception):
    """The key is malformed, unknown, revoked or expired (the message says which for the last two)."""


def api_key_for(key: str) -> ApiKey:
    """The usable key `key` is, with its owner loaded (one query), or KeyRefused."""
    prefix, dot, _secret = key.partition(".")
    if not dot or not prefix.startswith(KEY_MARK) or len(prefix) != len(KEY_MARK) + _PREFIX_LENGTH:
        raise KeyRefused("Malformed API key.")
    api_key = ApiKey.objects.select_related("owner").filter(prefix=prefix).first()
    # The hash is compared even for an unknown prefix, so both take the same time.
    expected = api_key.key_hash if api_key is not None else key_hash("")
    if not hmac.compare_digest(expected, key_hash(key)) or api_key is None:
        raise KeyRefused("Invalid API key.")
    if api_key.revoked_at is not None:
        raise KeyRefused("This API key has been revoked.")
    if not api_key.is_usable():
        raise KeyRefused("This API key has expired.")
    return api_key


def record_use(api_key: ApiKey) -> None:
    """Note that the key was used now, at most once per API_KEY_LAST_USED_PRECISION seconds:
    a key in steady use costs one UPDATE a minute, not one per request. The condition is in
    the UPDATE, so several workers seeing the same stale time write it once."""
    now = timezone.now()
    precision = timedelta(seconds=settings.API_KEY_LAST_USED_PRECISION)
    if api_key.last_used_at is not None and api_key.last_used_at > now - precision:
        return
    ApiKey.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - precision), pk=api_key.pk
    ).update(last_used_at=now)
    api_key.last_used_at = now
