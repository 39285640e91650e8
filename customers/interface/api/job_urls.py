from django.urls import path

from customers.interface.api import jobs

app_name = "jobs-api"

urlpatterns = [
    path("<uuid:job_id>/", jobs.JobDetailApi.as_view(), name="detail"),
    path("<uuid:job_id>/cancel/", jobs.JobCancelApi.as_view(), name="cancel"),
    path("download/<str:token>/", jobs.JobDownloadApi.as_view(), name="download"),
]
