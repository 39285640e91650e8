from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.tokens import Token

from users.tokens import is_access_token_denied


class RevocableJWTAuthentication(JWTAuthentication):
    """simplejwt's header-only bearer authentication (never the query string), plus the
    logout denylist. Password changes are caught by simplejwt's CHECK_REVOKE_TOKEN claim."""

    def get_validated_token(self, raw_token: bytes) -> Token:
        token = super().get_validated_token(raw_token)
        if is_access_token_denied(token):
            raise InvalidToken({"detail": "Token has been revoked.", "code": "token_not_valid"})
        return token
