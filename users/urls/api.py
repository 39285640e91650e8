from django.urls import path

from users.apis import account, auth

app_name = "users-api"

urlpatterns = [
    path("register/", auth.RegisterApi.as_view(), name="register"),
    path("token/", auth.TokenObtainApi.as_view(), name="token"),
    path("token/refresh/", auth.TokenRefreshApi.as_view(), name="token-refresh"),
    path("logout/", auth.LogoutApi.as_view(), name="logout"),
    path("me/", auth.MeApi.as_view(), name="me"),
    path("password/reset/", account.PasswordResetApi.as_view(), name="password-reset"),
    path("password/reset/confirm/", account.PasswordResetConfirmApi.as_view(), name="password-reset-confirm"),
    path("password/change/", account.PasswordChangeApi.as_view(), name="password-change"),
    path("email/verify/", account.EmailVerifyApi.as_view(), name="email-verify"),
    path("email/verify/resend/", account.EmailResendApi.as_view(), name="email-verify-resend"),
    path("email/change/", account.EmailChangeApi.as_view(), name="email-change"),
    path("delete/", auth.DeleteAccountApi.as_view(), name="delete"),
]
