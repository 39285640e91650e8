from django.urls import path

from customers.interface.pages import csv_transfer, customers, dashboard, history, jobs, privacy, trash

app_name = "customers"

urlpatterns = [
    path("dashboard/", dashboard.CustomerDashboardView.as_view(), name="dashboard"),
    path("trash/", trash.CustomerTrashView.as_view(), name="trash"),
    path("export/", csv_transfer.CustomerExportView.as_view(), name="export"),
    path("import/", csv_transfer.CustomerImportView.as_view(), name="import"),
    path("import/confirm/", csv_transfer.CustomerImportConfirmView.as_view(), name="import-confirm"),
    path("import/jobs/<uuid:job_id>/", jobs.ImportJobView.as_view(), name="import-job"),
    path("import/jobs/<uuid:job_id>/status/", jobs.ImportJobStatusView.as_view(), name="import-job-status"),
    path("import/jobs/<uuid:job_id>/cancel/", jobs.ImportJobCancelView.as_view(), name="import-job-cancel"),
    path("<int:pk>/restore/", trash.CustomerRestoreView.as_view(), name="restore"),
    path("<int:pk>/erase/", privacy.CustomerEraseView.as_view(), name="erase"),
    path("<int:pk>/personal-data/", privacy.CustomerPersonalDataView.as_view(), name="personal-data"),
    path("create/", customers.CustomerCreateView.as_view(), name="create"),
    path("<int:pk>/modify/", customers.CustomerUpdateView.as_view(), name="modify"),
    path("<int:pk>/history/", history.CustomerHistoryView.as_view(), name="history"),
    path("<int:pk>/delete/", customers.CustomerDeleteView.as_view(), name="delete"),
]
