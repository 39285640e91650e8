from django.urls import path

from common.throttles import throttle_posts
from users.pages import account, email_verification, password_reset, sign_in, two_factor

app_name = "users"

urlpatterns = [
    # The same per-address budgets as `POST api/v1/user/token/` and `user/register/`.
    path("", throttle_posts("token")(sign_in.LoginView.as_view()), name="login"),
    path("login/code/", sign_in.LoginCodeView.as_view(), name="login-code"),
    path("user/register/", throttle_posts("register")(sign_in.RegisterView.as_view()), name="register"),
    path("user/logout/", sign_in.LogoutView.as_view(), name="logout"),
    path("password/reset/", password_reset.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", password_reset.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password-change"),
    path("account/email/", account.EmailChangeView.as_view(), name="email-change"),
    path("account/verify/sent/", email_verification.VerificationSentView.as_view(), name="verify-email-sent"),
    path(
        "account/verify/resend/",
        email_verification.ResendVerificationView.as_view(),
        name="verify-email-resend",
    ),
    path("account/verify/<str:token>/", email_verification.VerifyEmailView.as_view(), name="verify-email"),
    path(
        "account/sessions/sign-out-others/",
        account.SignOutOtherSessionsView.as_view(),
        name="sign-out-others",
    ),
    path("account/two-factor/", two_factor.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("account/two-factor/disable/", two_factor.TwoFactorDisableView.as_view(), name="two-factor-disable"),
    path(
        "account/passkeys/<int:passkey_id>/remove/",
        two_factor.PasskeyRemoveView.as_view(),
        name="passkey-remove",
    ),
    path("account/two-factor/recovery-codes/", two_factor.RecoveryCodesView.as_view(), name="recovery-codes"),
    path("account/delete/", account.DeleteAccountView.as_view(), name="delete-account"),
]
