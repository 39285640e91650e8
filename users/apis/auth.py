"""Account API: register, obtain/refresh tokens, logout, profile."""

from typing import cast

from django.conf import settings
from drf_yasg.utils import swagger_auto_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken, Token

from common.api import BaseApi, PublicApi
from common.api_docs import responses, success_envelope_for
from common.exceptions import PermissionDenied
from users.mail import site_url_for
from users.models import User
from users.serializers import (
    DeleteAccountInputSerializer,
    RefreshInputSerializer,
    RegisterInputSerializer,
    RevocationAwareRefreshSerializer,
    TokenObtainInputSerializer,
    TokenPairSerializer,
    UserOutputSerializer,
)
from users.services import REGISTRATION_RECEIVED, user_delete_account
from users.tokens import revoke
from users.verification import register_account

_TAGS = ["user"]
_USER = success_envelope_for(UserOutputSerializer, "UserEnvelope")
_TOKENS = success_envelope_for(TokenPairSerializer, "TokenPairEnvelope")
_NONE = success_envelope_for(None, "EmptyEnvelope")


class RegisterApi(PublicApi):
    max_body_bytes = settings.AUTH_MAX_BODY_BYTES
    throttle_scope = "register"

    @swagger_auto_schema(
        operation_summary="Create an account",
        operation_description=(
            "Answers 202 with the same body whether the address is new (the account is created)"
            " or already has an account (nothing changes), so that nobody can find out which"
            " addresses have accounts. So a retry is already safe, and takes no `Idempotency-Key`"
            " (the caller has no account yet to keep a key under)."
        ),
        request_body=RegisterInputSerializer,
        responses=responses(202, _NONE, 400, authenticated=False),
        security=[],
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        register_account(**serializer.validated_data, site_url=site_url_for(request))
        return self.respond(None, message=REGISTRATION_RECEIVED, status=202)


class TokenObtainApi(PublicApi):
    max_body_bytes = settings.AUTH_MAX_BODY_BYTES
    throttle_scope = "token"

    @swagger_auto_schema(
        operation_summary="Log in: exchange email and password for an access and a refresh token",
        operation_description=(
            "Send `email` and `password` (`username` is accepted in place of `email` for clients of "
            "the original API). A wrong password and an unknown email answer the same 401 "
            "`no_active_account`. 401 with code `otp_required` (field `otp`) when the account has "
            "two-factor sign-in and no `otp` was sent; `invalid_otp` for a wrong or replayed code "
            "(which counts toward the lockout); `email_not_verified` while "
            "ACCOUNT_EMAIL_VERIFICATION=mandatory and the address is unconfirmed; 429 `locked_out` "
            "after too many failures. No `Idempotency-Key`: a retry simply logs in again, and "
            "storing the answer would keep live tokens in the database."
        ),
        request_body=TokenObtainInputSerializer,
        responses=responses(200, _TOKENS, 400, 401, authenticated=False),
        security=[],
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainInputSerializer(data=request.data, context={"request": request._request})
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as error:
            raise exceptions.AuthenticationFailed(str(error)) from error
        return self.respond(serializer.validated_data, message="Logged in successfully")


class TokenRefreshApi(PublicApi):
    max_body_bytes = settings.AUTH_MAX_BODY_BYTES
    throttle_scope = "refresh"

    @swagger_auto_schema(
        operation_summary="Exchange a refresh token for a new pair (the old refresh is blacklisted)",
        operation_description=(
            "No `Idempotency-Key`: replaying the answer would hand out tokens again, and a used "
            "refresh token is refused on reuse by design (401 `token_not_valid`); log in again."
        ),
        request_body=RefreshInputSerializer,
        responses=responses(200, _TOKENS, 400, 401, authenticated=False),
        security=[],
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        RefreshInputSerializer(data=request.data).is_valid(raise_exception=True)
        serializer = RevocationAwareRefreshSerializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as error:
            raise exceptions.AuthenticationFailed(str(error), code="token_not_valid") from error
        return self.respond(serializer.validated_data, message="Token refreshed successfully")


class LogoutApi(BaseApi):
    max_body_bytes = settings.AUTH_MAX_BODY_BYTES

    @swagger_auto_schema(
        operation_summary=(
            "Log out: revoke your refresh token, the calling access token and every access token"
            " issued by earlier refreshes of the same login"
        ),
        operation_description=(
            "No `Idempotency-Key`: logging out revokes the access token that called, so any retry "
            "with it is a 401, and the refresh token stays revoked whatever happens."
        ),
        request_body=RefreshInputSerializer,
        responses=responses(200, _NONE, 400, 403),
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = RefreshInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            token = RefreshToken(serializer.validated_data["refresh"])
        except TokenError as error:
            raise exceptions.AuthenticationFailed(str(error), code="token_not_valid") from error
        if str(token.get(str(settings.SIMPLE_JWT["USER_ID_CLAIM"]))) != str(request.user.pk):
            raise PermissionDenied("You can only log out your own session.", field="refresh")
        token.blacklist()
        revoke(token, *([request.auth] if isinstance(request.auth, Token) else []))
        return self.respond(None, message="Logged out successfully")


class MeApi(BaseApi):
    @swagger_auto_schema(
        operation_summary="Your profile",
        responses=responses(200, _USER),
        tags=_TAGS,
    )
    def get(self, request: Request) -> Response:
        return self.respond(UserOutputSerializer(request.user).data, message="Profile fetched successfully")


class DeleteAccountApi(BaseApi):
    # Each try checks a password: limited like logging in, so a stolen token cannot guess it.
    throttle_scope = "token"

    @swagger_auto_schema(
        operation_summary="Delete your account and everything in it, after confirming your password",
        operation_description=(
            "Irreversible. Erases every customer of yours (active and in the trash) with their "
            "history and every kept copy, all your refresh tokens and browser sessions, and the "
            "account itself. Afterwards your tokens are refused (401) and the email can register "
            "again. 400 `wrong_password` (field `password`) when the password does not match; "
            "after 5 wrong passwords in 15 minutes, 429 `throttled` until the window ends."
        ),
        request_body=DeleteAccountInputSerializer,
        responses=responses(200, _NONE, 400, 429),
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = DeleteAccountInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_delete_account(user=cast(User, request.user), password=serializer.validated_data["password"])
        return self.respond(None, message="Account deleted")
