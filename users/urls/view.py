from django.urls import path

from users import views

app_name = "users"

urlpatterns = [
    path("", views.LoginView.as_view(), name="login"),
    path("user/register/", views.RegisterView.as_view(), name="register"),
    path("user/logout/", views.LogoutView.as_view(), name="logout"),
    path("account/delete/", views.DeleteAccountView.as_view(), name="delete-account"),
]
