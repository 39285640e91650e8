from django.urls import path

from customers.interface import views

app_name = "customers"

urlpatterns = [
    path("dashboard/", views.CustomerDashboardView.as_view(), name="dashboard"),
    path("create/", views.CustomerCreateView.as_view(), name="create"),
    path("<int:pk>/modify/", views.CustomerUpdateView.as_view(), name="modify"),
    path("<int:pk>/history/", views.CustomerHistoryView.as_view(), name="history"),
    path("<int:pk>/delete/", views.CustomerDeleteView.as_view(), name="delete"),
]
