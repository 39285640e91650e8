from typing import Any, ClassVar, cast

from rest_framework import exceptions, serializers
from rest_framework_simplejwt.exceptions import AuthenticationFailed
from rest_framework_simplejwt.serializers import (
    PasswordField,
    TokenObtainPairSerializer,
    TokenObtainSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from common.exceptions import ValidationFailed
from common.serializers import StrictInputSerializer
from customers.domain.rules import (
    NAME_MAX_LENGTH,
    NAME_PATTERN,
    OPTIONAL_NAME_PATTERN,
    PHONE_INPUT_MAX_LENGTH,
)
from users.models import User
from users.tokens import is_revoked, start_chain
from users.two_factor import has_two_factor, verify_second_factor
from users.verification import EmailNotVerified, login_blocked_until_verified

OTP_REQUIRED = (
    "This account uses two-factor sign-in: send `otp` with a code from your app or a recovery code."
)


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

    email = serializers.EmailField(max_length=254, help_text="Your login; unique (409 `duplicate`).")
    password = serializers.CharField(
        max_length=128,
        write_only=True,
        trim_whitespace=False,
        help_text=(
            "At least 12 characters, not only spaces or digits, not a common password, not like your name or email."
        ),
        style={"schema": {"pattern": r"\S"}},
    )
    first_name = serializers.CharField(
        max_length=NAME_MAX_LENGTH,
        help_text="Letters of any script plus space, hyphen, apostrophe and period, starting with a letter.",
        style={"schema": {"pattern": NAME_PATTERN}},
    )
    last_name = serializers.CharField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Optional; the same rule as first_name.",
        style={"schema": {"pattern": OPTIONAL_NAME_PATTERN}},
    )
    phone_number = serializers.CharField(
        max_length=PHONE_INPUT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        help_text="Optional; a valid number (international, or national for the server's region); stored as E.164.",
    )

    class Meta:
        ref_name = "RegisterInput"


class UserOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    first_name = serializers.CharField(allow_blank=True)
    last_name = serializers.CharField(allow_blank=True)
    phone_number = serializers.SerializerMethodField()
    date_joined = serializers.DateTimeField()
    email_verified = serializers.BooleanField(
        help_text="Whether the owner of the address has followed a verification link sent to it."
    )

    class Meta:
        ref_name = "User"

    def get_phone_number(self, user: User) -> str:
        return str(user.phone_number or "")


class TokenObtainInputSerializer(TokenObtainPairSerializer):
    """`{email, password}`; `username` is accepted as an alias of `email` so that clients of
    the original API keep working. Wrong password and unknown email answer identically."""

    username = serializers.CharField(required=False, max_length=254, write_only=True)
    otp = serializers.CharField(
        required=False,
        max_length=32,
        write_only=True,
        help_text="With two-factor sign-in on: a code from the authenticator app or an unused recovery code.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.username_field] = serializers.CharField(
            write_only=True, required=False, max_length=254, help_text="Your account's email."
        )
        self.fields[
            "username"
        ].help_text = "Deprecated alias of `email` (the original API's name); send `email`."
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
        otp = attrs.pop("otp", None)
        TokenObtainSerializer.validate(self, attrs)  # the password, through axes; sets self.user
        user: User = self.user  # type: ignore[assignment]
        if login_blocked_until_verified(user):
            raise AuthenticationFailed(EmailNotVerified.default_message, code=EmailNotVerified.default_code)
        if has_two_factor(user):
            if not otp:
                raise exceptions.AuthenticationFailed(
                    {"otp": [serializers.ErrorDetail(OTP_REQUIRED, code="otp_required")]}
                )
            try:
                verify_second_factor(user=user, code=otp, request=self.context["request"])
            except ValidationFailed as error:
                raise exceptions.AuthenticationFailed(
                    {"otp": [serializers.ErrorDetail(error.details[0].message, code="invalid_otp")]}
                ) from error
        refresh = cast(RefreshToken, self.get_token(user))
        return {"refresh": str(refresh), "access": str(refresh.access_token)}

    @classmethod
    def get_token(cls, user: Any) -> Token:
        token = super().get_token(user)
        start_chain(token)  # every login is a chain of its own, revoked as one at logout
        return token

    class Meta:
        ref_name = "TokenObtainInput"
        # Swagger 2.0 cannot say "email or username": the schema asks for `email` (what every
        # client should send); `username` stays accepted in its place for the original API.
        swagger_schema_fields = {
            "required": ["email", "password"],
            "example": {"email": "ada@example.com", "password": "correct-horse-battery-staple"},
        }


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()

    class Meta:
        ref_name = "TokenPair"


class RefreshInputSerializer(StrictInputSerializer):
    refresh = serializers.CharField(max_length=4096)

    class Meta:
        ref_name = "RefreshInput"


class DeleteAccountInputSerializer(StrictInputSerializer):
    password = serializers.CharField(
        max_length=128, write_only=True, trim_whitespace=False, help_text="Your current password."
    )

    class Meta:
        ref_name = "DeleteAccountInput"


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


class PasswordResetInputSerializer(StrictInputSerializer):
    email = serializers.EmailField(max_length=254)

    class Meta:
        ref_name = "PasswordResetInput"


class PasswordResetConfirmInputSerializer(StrictInputSerializer):
    uid = serializers.CharField(max_length=64, help_text="The `<uidb64>` part of the emailed link.")
    token = serializers.CharField(max_length=128, help_text="The `<token>` part of the emailed link.")
    new_password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)

    class Meta:
        ref_name = "PasswordResetConfirmInput"


class PasswordChangeInputSerializer(StrictInputSerializer):
    old_password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)

    class Meta:
        ref_name = "PasswordChangeInput"


class EmailVerifyInputSerializer(StrictInputSerializer):
    token = serializers.CharField(max_length=512, help_text="The last part of the emailed verification link.")

    class Meta:
        ref_name = "EmailVerifyInput"


class EmailChangeInputSerializer(StrictInputSerializer):
    new_email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)

    class Meta:
        ref_name = "EmailChangeInput"
