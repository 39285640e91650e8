"""Account API: register, obtain/refresh tokens, logout, profile."""

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
from users.serializers import (
    RefreshInputSerializer,
    RegisterInputSerializer,
    RevocationAwareRefreshSerializer,
    TokenObtainInputSerializer,
    TokenPairSerializer,
    UserOutputSerializer,
)
from users.services import REGISTRATION_RECEIVED, user_register
from users.tokens import revoke

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
            " addresses have accounts."
        ),
        request_body=RegisterInputSerializer,
        responses=responses(202, _NONE, 400, authenticated=False),
        security=[],
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = RegisterInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user_register(**serializer.validated_data, default_region=settings.PHONENUMBER_DEFAULT_REGION)
        return self.respond(None, message=REGISTRATION_RECEIVED, status=202)


class TokenObtainApi(PublicApi):
    max_body_bytes = settings.AUTH_MAX_BODY_BYTES
    throttle_scope = "token"

    @swagger_auto_schema(
        operation_summary="Log in: exchange email and password for an access and a refresh token",
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
