from django.urls import path

from common.throttles import throttle_posts
from users import account_views, views

app_name = "users"

urlpatterns = [
    # The same per-address budgets as `POST api/v1/user/token/` and `user/register/`.
    path("", throttle_posts("token")(views.LoginView.as_view()), name="login"),
    path("login/code/", account_views.LoginCodeView.as_view(), name="login-code"),
    path("user/register/", throttle_posts("register")(views.RegisterView.as_view()), name="register"),
    path("user/logout/", views.LogoutView.as_view(), name="logout"),
    path("password/reset/", account_views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", account_views.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("account/", account_views.AccountView.as_view(), name="account"),
    path("account/password/", account_views.PasswordChangeView.as_view(), name="password-change"),
    path("account/email/", account_views.EmailChangeView.as_view(), name="email-change"),
    path("account/verify/sent/", account_views.VerificationSentView.as_view(), name="verify-email-sent"),
    path(
        "account/verify/resend/", account_views.ResendVerificationView.as_view(), name="verify-email-resend"
    ),
    path("account/verify/<str:token>/", account_views.VerifyEmailView.as_view(), name="verify-email"),
    path(
        "account/sessions/sign-out-others/",
        account_views.SignOutOtherSessionsView.as_view(),
        name="sign-out-others",
    ),
    path("account/two-factor/", account_views.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path(
        "account/two-factor/disable/", account_views.TwoFactorDisableView.as_view(), name="two-factor-disable"
    ),
    path(
        "account/passkeys/<int:passkey_id>/remove/",
        account_views.PasskeyRemoveView.as_view(),
        name="passkey-remove",
    ),
    path(
        "account/two-factor/recovery-codes/", account_views.RecoveryCodesView.as_view(), name="recovery-codes"
    ),
    path("account/delete/", views.DeleteAccountView.as_view(), name="delete-account"),
]
