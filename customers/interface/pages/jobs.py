"""An import running as a background job, on a page: a progress bar (rows done of the total,
rows per second, time left) that static/js/job-progress.js keeps current by polling the status
URL, and a cancel button. Without JavaScript the page shows the state at load and both still
work as links and forms. Another user's job is a 404."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from common import jobs
from common.exceptions import ApplicationError, NotFound
from customers.interface.pages.base import CustomerPageMixin, caller_id
from customers.tasks import IMPORT_JOB, run_customer_import


def start_import_job(request: HttpRequest, upload: object, *, skip_invalid: bool) -> HttpResponse:
    """Queue the uploaded file as an import job and go to its progress page."""
    name = str(getattr(upload, "name", "customers.csv"))[:200]
    job = jobs.start_job(
        owner_id=caller_id(request),
        kind=IMPORT_JOB,
        params={"skip_invalid": skip_invalid, "file_name": name},
        task=run_customer_import,
        upload=upload,  # type: ignore[arg-type]
    )
    return redirect("customers:import-job", job_id=job.id)


def _job(request: HttpRequest, job_id: UUID) -> jobs.Job:
    try:
        return jobs.job_for(caller_id(request), job_id)
    except NotFound as error:
        raise Http404(error.message) from error


class ImportJobView(CustomerPageMixin, View):
    template_name = "customers/import_job.html"

    def get(self, request: HttpRequest, job_id: UUID) -> HttpResponse:
        job = _job(request, job_id)
        context = {
            "job": job,
            "view": jobs.representation(job),
            "file_name": job.params.get("file_name", ""),
            "status_url": reverse("customers:import-job-status", kwargs={"job_id": job.id}),
            "cancel_url": reverse("customers:import-job-cancel", kwargs={"job_id": job.id}),
            "finished": job.state in jobs.FINISHED,
        }
        return render(request, self.template_name, context)


class ImportJobStatusView(CustomerPageMixin, View):
    """The job as JSON, for the page's polling (the session's user; no token)."""

    def get(self, request: HttpRequest, job_id: UUID) -> JsonResponse:
        return JsonResponse(jobs.representation(_job(request, job_id)))


class ImportJobCancelView(CustomerPageMixin, View):
    def post(self, request: HttpRequest, job_id: UUID) -> HttpResponse:
        try:
            job = jobs.request_cancel(caller_id(request), job_id)
        except NotFound as error:
            raise Http404(error.message) from error
        except ApplicationError as error:  # already finished
            if request.headers.get("Accept") == "application/json":
                return JsonResponse({"error": error.message}, status=409)
            messages.info(request, error.message)
            return redirect("customers:import-job", job_id=job_id)
        if request.headers.get("Accept") == "application/json":
            return JsonResponse(jobs.representation(job))
        return redirect("customers:import-job", job_id=job_id)
