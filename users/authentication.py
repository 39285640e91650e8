from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext as _
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from common.model_reads import instance_by_pk, instance_by_pk_and_match
from users.models import RevokedToken, User
from users.tokens import revocation_keys
from users.verification import EmailNotVerified, login_blocked_until_verified


class RevocableJWTAuthentication(JWTAuthentication):
    """simplejwt's header-only bearer authentication (never the query string), plus the
    logout denylist in the database (users.tokens), read in the user's own query. Password
    changes are caught by simplejwt's CHECK_REVOKE_TOKEN claim."""

    def get_user(self, validated_token: Token) -> User:  # type: ignore[override]
        """simplejwt's checks, in its order and with its messages and codes (missing claim,
        unknown user, inactive user, password changed since the token was issued), with
        the user read as a prepared primary-key SELECT (USER_ID_FIELD is the primary key)."""
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as error:
            raise InvalidToken(_("Token contained no recognizable user identification")) from error
        user, revoked = instance_by_pk_and_match(
            User, user_id, other=RevokedToken, field="key", values=revocation_keys(validated_token)
        )
        if revoked:
            raise InvalidToken({"detail": "Token has been revoked.", "code": "token_not_valid"})
        if user is None:
            raise AuthenticationFailed(_("User not found"), code="user_not_found")
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code="user_inactive")
        if login_blocked_until_verified(user):
            raise AuthenticationFailed(EmailNotVerified.default_message, code=EmailNotVerified.default_code)
        if api_settings.CHECK_REVOKE_TOKEN and validated_token.get(
            api_settings.REVOKE_TOKEN_CLAIM
        ) != get_md5_hash_password(user.password):
            raise AuthenticationFailed(_("The user's password has been changed."), code="password_changed")
        return user


class UserBackend(ModelBackend):
    """Django's ModelBackend, reading the signed-in user of each page request as a prepared
    primary-key SELECT. Same rule: an inactive user is nobody, and so is one who must verify
    their address first (ACCOUNT_EMAIL_VERIFICATION = mandatory)."""

    def get_user(self, user_id: int) -> User | None:
        user = instance_by_pk(User, user_id)
        if user is None or not self.user_can_authenticate(user) or login_blocked_until_verified(user):
            return None
        return user
