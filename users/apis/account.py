"""Account API beyond log in: password reset and change, email verification and change.
Each view checks shape with its serializer and calls the same service as the pages."""

from typing import Any

from drf_yasg.utils import swagger_auto_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework_simplejwt.tokens import RefreshToken

from common.api import BaseApi, PublicApi
from common.api_docs import responses, success_envelope_for
from common.throttles import client_address
from users import passwords, verification
from users.mail import site_url_for
from users.serializers import (
    EmailChangeInputSerializer,
    EmailVerifyInputSerializer,
    PasswordChangeInputSerializer,
    PasswordResetConfirmInputSerializer,
    PasswordResetInputSerializer,
    TokenPairSerializer,
    UserOutputSerializer,
)
from users.tokens import start_chain

_TAGS = ["user"]
_NONE = success_envelope_for(None, "EmptyEnvelope")
_USER = success_envelope_for(UserOutputSerializer, "UserEnvelope")
_TOKENS = success_envelope_for(TokenPairSerializer, "TokenPairEnvelope")
RESET_SENT = "If an account has this address, a password reset link has been emailed to it."
VERIFY_SENT = "If an unconfirmed account has this address, a new confirmation link has been emailed to it."


def _operation(
    summary: str,
    description: str,
    body: type[Serializer[Any]],
    answer: type[Serializer[Any]],
    *errors: int,
    public: bool = False,
) -> Any:
    """The schema of one account operation: its body, its 200 envelope and the errors it can
    answer; a public one needs no token (and is documented without one)."""
    extra: dict[str, Any] = {"security": []} if public else {}
    return swagger_auto_schema(
        operation_summary=summary,
        operation_description=description,
        request_body=body,
        responses=responses(200, answer, *errors, authenticated=not public),
        tags=_TAGS,
        **extra,
    )


class PasswordResetApi(PublicApi):
    @_operation(
        "Ask for a password reset link by email",
        (
            "Always the same 200 answer, whether or not an account has the address. The emailed "
            "link is `/password/reset/<uidb64>/<token>/`; it works once and expires after "
            "PASSWORD_RESET_TIMEOUT. Limited per address typed and per client: 429 with Retry-After."
        ),
        PasswordResetInputSerializer,
        _NONE,
        400,
        public=True,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(PasswordResetInputSerializer, request)
        passwords.request_password_reset(
            email=data["email"],
            client_ip=client_address(request),
            site_url=site_url_for(request),
        )
        return self.respond(None, message=RESET_SENT)


class PasswordResetConfirmApi(PublicApi):
    @_operation(
        "Set a new password with the uid and token of a reset link",
        (
            "Ends every session and every refresh and access token of the account and lifts its "
            "login lockout. A used, expired or forged link is a 400 on `token`."
        ),
        PasswordResetConfirmInputSerializer,
        _NONE,
        400,
        public=True,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(PasswordResetConfirmInputSerializer, request)
        passwords.confirm_password_reset(
            uidb64=data["uid"],
            token=data["token"],
            new_password=data["new_password"],
            site_url=site_url_for(request),
        )
        return self.respond(None, message="Your password has been changed. Log in with it.")


class PasswordChangeApi(BaseApi):
    @_operation(
        "Change your password; answers with a fresh token pair",
        (
            "Every other session and every earlier refresh and access token (this one included) "
            "stops working; use the pair in the answer from now on."
        ),
        PasswordChangeInputSerializer,
        _TOKENS,
        400,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(PasswordChangeInputSerializer, request)
        result = passwords.change_password(
            user=request.user,  # type: ignore[arg-type]
            keep_session=None,
            site_url=site_url_for(request),
            **data,
        )
        refresh = RefreshToken.for_user(result.user)
        start_chain(refresh)  # a login of its own, revoked as one at logout
        pair = {"access": str(refresh.access_token), "refresh": str(refresh)}
        return self.respond(pair, message="Password changed successfully")


class EmailVerifyApi(PublicApi):
    @_operation(
        "Confirm an email address with the token of a verification link",
        (
            "The token is the last part of the emailed `/account/verify/<token>/` link. For an "
            "email change, the new address becomes the account's and the old one is told. "
            "An expired, used or forged token is a 400 on `token`; an address taken meanwhile, a 409."
        ),
        EmailVerifyInputSerializer,
        _USER,
        400,
        409,
        public=True,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(EmailVerifyInputSerializer, request)
        user = verification.verify_email(token=data["token"], site_url=site_url_for(request))
        return self.respond(UserOutputSerializer(user).data, message="Email address confirmed")


class EmailResendApi(PublicApi):
    @_operation(
        "Email the verification link again",
        "Always the same 200 answer; limited per address and per client (429).",
        PasswordResetInputSerializer,
        _NONE,
        400,
        public=True,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(PasswordResetInputSerializer, request)
        verification.resend_verification(
            email=data["email"],
            client_ip=client_address(request),
            site_url=site_url_for(request),
        )
        return self.respond(None, message=VERIFY_SENT)


class EmailChangeApi(BaseApi):
    @_operation(
        "Ask to change your email address (needs your password)",
        (
            "Nothing changes yet: a verification link goes to the new address, and the change "
            "happens when it is followed. Wrong password: 400 on `password`; address in use: 409."
        ),
        EmailChangeInputSerializer,
        _NONE,
        400,
        409,
    )
    def post(self, request: Request) -> Response:
        data = self.valid_input(EmailChangeInputSerializer, request)
        verification.request_email_change(
            user=request.user,  # type: ignore[arg-type]
            site_url=site_url_for(request),
            **data,
        )
        return self.respond(None, message="A confirmation link has been emailed to the new address.")
