from django.urls import path

from common.throttles import throttle_posts
from users import views

app_name = "users"

urlpatterns = [
    # The same per-address budgets as `POST api/v1/user/token/` and `user/register/`.
    path("", throttle_posts("token")(views.LoginView.as_view()), name="login"),
    path("user/register/", throttle_posts("register")(views.RegisterView.as_view()), name="register"),
    path("user/logout/", views.LogoutView.as_view(), name="logout"),
]
