from django.urls import path

from customers.interface import apis, book_apis, privacy_apis

app_name = "customers-api"

urlpatterns = [
    path("", apis.CustomerListCreateApi.as_view(), name="list"),
    path("fetch-all/", apis.CustomerLegacyListApi.as_view(), name="fetch-all"),
    path("add/", apis.CustomerLegacyCreateApi.as_view(), name="add"),
    path("trash/", book_apis.CustomerTrashApi.as_view(), name="trash"),
    path("export/", book_apis.CustomerExportApi.as_view(), name="export"),
    path("import/", book_apis.CustomerImportApi.as_view(), name="import"),
    path("<int:customer_id>/restore/", book_apis.CustomerRestoreApi.as_view(), name="restore"),
    path("<int:customer_id>/erase/", privacy_apis.CustomerEraseApi.as_view(), name="erase"),
    path(
        "<int:customer_id>/personal-data/",
        privacy_apis.CustomerPersonalDataApi.as_view(),
        name="personal-data",
    ),
    path("<int:customer_id>/", apis.CustomerDetailApi.as_view(), name="detail"),
    path("<int:customer_id>/history/", apis.CustomerHistoryApi.as_view(), name="history"),
    path("<int:customer_id>/update/", apis.CustomerLegacyUpdateApi.as_view(), name="update"),
    path("<int:customer_id>/delete/", apis.CustomerLegacyDeleteApi.as_view(), name="delete"),
]
