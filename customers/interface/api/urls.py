from django.urls import path

from customers.interface.api import csv_transfer, customers, history, jobs, privacy, trash

app_name = "customers-api"

urlpatterns = [
    path("", customers.CustomerListCreateApi.as_view(), name="list"),
    path("fetch-all/", customers.CustomerLegacyListApi.as_view(), name="fetch-all"),
    path("add/", customers.CustomerLegacyCreateApi.as_view(), name="add"),
    path("trash/", trash.CustomerTrashApi.as_view(), name="trash"),
    path("export/", csv_transfer.CustomerExportApi.as_view(), name="export"),
    path("export/jobs/", jobs.CustomerExportJobApi.as_view(), name="export-job"),
    path("import/", csv_transfer.CustomerImportApi.as_view(), name="import"),
    path("import/jobs/", jobs.CustomerImportJobApi.as_view(), name="import-job"),
    path("<int:customer_id>/restore/", trash.CustomerRestoreApi.as_view(), name="restore"),
    path("<int:customer_id>/erase/", privacy.CustomerEraseApi.as_view(), name="erase"),
    path(
        "<int:customer_id>/personal-data/",
        privacy.CustomerPersonalDataApi.as_view(),
        name="personal-data",
    ),
    path("<int:customer_id>/", customers.CustomerDetailApi.as_view(), name="detail"),
    path("<int:customer_id>/history/", history.CustomerHistoryApi.as_view(), name="history"),
    path("<int:customer_id>/update/", customers.CustomerLegacyUpdateApi.as_view(), name="update"),
    path("<int:customer_id>/delete/", customers.CustomerLegacyDeleteApi.as_view(), name="delete"),
]
