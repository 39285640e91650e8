from django.urls import path

from customers.interface import book_views, privacy_views, views

app_name = "customers"

urlpatterns = [
    path("dashboard/", views.CustomerDashboardView.as_view(), name="dashboard"),
    path("trash/", book_views.CustomerTrashView.as_view(), name="trash"),
    path("export/", book_views.CustomerExportView.as_view(), name="export"),
    path("import/", book_views.CustomerImportView.as_view(), name="import"),
    path("import/confirm/", book_views.CustomerImportConfirmView.as_view(), name="import-confirm"),
    path("<int:pk>/restore/", book_views.CustomerRestoreView.as_view(), name="restore"),
    path("<int:pk>/erase/", privacy_views.CustomerEraseView.as_view(), name="erase"),
    path("<int:pk>/personal-data/", privacy_views.CustomerPersonalDataView.as_view(), name="personal-data"),
    path("create/", views.CustomerCreateView.as_view(), name="create"),
    path("<int:pk>/modify/", views.CustomerUpdateView.as_view(), name="modify"),
    path("<int:pk>/history/", views.CustomerHistoryView.as_view(), name="history"),
    path("<int:pk>/delete/", views.CustomerDeleteView.as_view(), name="delete"),
]
