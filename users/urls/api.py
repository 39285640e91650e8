from django.urls import path

from users.apis import auth

app_name = "users-api"

urlpatterns = [
    path("register/", auth.RegisterApi.as_view(), name="register"),
    path("token/", auth.TokenObtainApi.as_view(), name="token"),
    path("token/refresh/", auth.TokenRefreshApi.as_view(), name="token-refresh"),
    path("logout/", auth.LogoutApi.as_view(), name="logout"),
    path("me/", auth.MeApi.as_view(), name="me"),
    path("delete/", auth.DeleteAccountApi.as_view(), name="delete"),
]
