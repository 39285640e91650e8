"""`Authorization: Api-Key <key>` for the API, beside the JWT `Bearer` scheme.

djangorestframework-api-key only offers a permission (`HasAPIKey`) that leaves `request.user`
anonymous; here the key authenticates as its owner, so every owner-scoped rule of the API
(another owner's customer is a 404) holds unchanged, and `request.auth` is the key, which the
policy below reads for the scope."""

from typing import Any

from rest_framework import authentication, exceptions, permissions, throttling

from common.throttles import RateFromSettings
from integrations import api_keys
from integrations.models import ApiKey
from users.verification import EmailNotVerified, login_blocked_until_verified

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, ApiKey] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # another scheme (Bearer), or none
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid API key header: send `Api-Key <key>`.")
        try:
            key = header[1].decode("ascii")
            api_key = api_keys.api_key_for(key)
        except (UnicodeDecodeError, api_keys.KeyRefused) as error:
            message = str(error) if isinstance(error, api_keys.KeyRefused) else "Malformed API key."
            raise exceptions.AuthenticationFailed(message) from error
        owner = api_key.owner
        if not owner.is_active:
            raise exceptions.AuthenticationFailed("User is inactive", code="user_inactive")
        if login_blocked_until_verified(owner):
            raise exceptions.AuthenticationFailed(
                EmailNotVerified.default_message, code=EmailNotVerified.default_code
            )
        api_keys.record_use(api_key)
        return owner, api_key

    def authenticate_header(self, request: Any) -> str:
        return f'{KEYWORD} realm="api"'


class ApiKeyPolicy(permissions.BasePermission):
    """What a request authenticated by an API key may do. Only views that say
    `accepts_api_keys = True` take keys at all (the customer book; never the account, the
    keys themselves or anything a later view forgets to decide about), and a `read` key
    only reads there."""

    def has_permission(self, request: Any, view: Any) -> bool:
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return True
        if not getattr(view, "accepts_api_keys", False):
            raise api_keys.ApiKeyNotAllowed()
        if request.method not in permissions.SAFE_METHODS and not api_key.can_write:
            raise api_keys.InsufficientScope()
        return True


class ApiKeyThrottle(RateFromSettings, throttling.SimpleRateThrottle):
    """Requests per API key, at the `api_key` rate; the owner's per-user and per-address
    limits count them too."""

    scope = "api_key"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
