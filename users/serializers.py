from typing import Any, ClassVar

from rest_framework import serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import (
    PasswordField,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from common.serializers import StrictInputSerializer
from customers.domain.rules import NAME_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH
from users.models import User
from users.tokens import is_revoked, start_chain


class RegisterInputSerializer(StrictInputSerializer):
    read_only_names: ClassVar[frozenset[str]] = frozenset(
        {
            "id",
            "is_staff",
            "is_superuser",
            "is_active",
            "date_joined",
            "last_login",
            "groups",
            "user_permissions",
        }
    )

    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    first_name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    last_name = serializers.CharField(max_length=NAME_MAX_LENGTH, required=False, allow_blank=True)
    phone_number = serializers.CharField(max_length=PHONE_INPUT_MAX_LENGTH, required=False, allow_blank=True)

    class Meta:
        ref_name = "RegisterInput"


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    phone_number = serializers.SerializerMethodField()
    date_joined = serializers.DateTimeField()

    class Meta:
        ref_name = "User"

    def get_phone_number(self, user: User) -> str:
        return str(user.phone_number or "")


class TokenObtainInputSerializer(TokenObtainPairSerializer):
    """`{email, password}`; `username` is accepted as an alias of `email` so that clients of
    the original API keep working. Wrong password and unknown email answer identically."""

    username = serializers.CharField(required=False, max_length=254, write_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.username_field] = serializers.CharField(
            write_only=True, required=False, max_length=254
        )
        # Passwords are taken exactly as typed: a leading or trailing space is part of it.
        self.fields["password"] = PasswordField(max_length=128, trim_whitespace=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        alias = attrs.pop("username", None)
        if not attrs.get(self.username_field):
            if not alias:
                raise serializers.ValidationError(
                    {
                        self.username_field: [
                            serializers.ErrorDetail("This field is required.", code="required")
                        ]
                    }
                )
            attrs[self.username_field] = alias
        attrs[self.username_field] = User.objects.normalize_email(attrs[self.username_field])
        return super().validate(attrs)

    @classmethod
    def get_token(cls, user: Any) -> Token:
        token = super().get_token(user)
        start_chain(token)  # every login is a chain of its own, revoked as one at logout
        return token

    class Meta:
        ref_name = "TokenObtainInput"


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()

    class Meta:
        ref_name = "TokenPair"


class RefreshInputSerializer(StrictInputSerializer):
    refresh = serializers.CharField(max_length=4096)

    class Meta:
        ref_name = "RefreshInput"


class RevocationAwareRefreshSerializer(TokenRefreshSerializer):
    """simplejwt checks the password-revocation claim on access tokens only; refresh tokens
    minted before a password change must stop working too, and so must every refresh token
    of a chain that was logged out."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        refresh = self.token_class(attrs["refresh"])
        if is_revoked(refresh):
            raise AuthenticationFailed("The token is no longer valid.", code="token_not_valid")
        user_id = refresh.payload.get(api_settings.USER_ID_CLAIM)
        user = User.objects.filter(pk=user_id).first() if user_id else None
        claim = refresh.payload.get(api_settings.REVOKE_TOKEN_CLAIM)
        if user is None or claim != get_md5_hash_password(user.password):
            raise AuthenticationFailed("The token is no longer valid.", code="token_not_valid")
        return super().validate(attrs)
