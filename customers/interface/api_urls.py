from django.urls import path

from customers.interface import apis

app_name = "customers-api"

urlpatterns = [
    path("", apis.CustomerListCreateApi.as_view(), name="list"),
    path("fetch-all/", apis.CustomerLegacyListApi.as_view(), name="fetch-all"),
    path("add/", apis.CustomerLegacyCreateApi.as_view(), name="add"),
    path("<int:customer_id>/", apis.CustomerDetailApi.as_view(), name="detail"),
    path("<int:customer_id>/history/", apis.CustomerHistoryApi.as_view(), name="history"),
    path("<int:customer_id>/update/", apis.CustomerLegacyUpdateApi.as_view(), name="update"),
    path("<int:customer_id>/delete/", apis.CustomerLegacyDeleteApi.as_view(), name="delete"),
]
