"""Jobs over the API: start an import as a background job (`customers/import/jobs/`), watch it
(`jobs/<id>/`) and cancel it (`jobs/<id>/cancel/`). Another owner's job is a 404."""

from typing import Any
from uuid import UUID

from django.http import FileResponse
from django.urls import reverse
from drf_yasg import openapi
from drf_yasg.utils import no_body, swagger_auto_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from common import jobs
from common.api import BaseApi, PublicApi
from common.api_docs import responses, success_envelope_for
from common.exceptions import ErrorDetail, ValidationFailed
from customers.domain.service_factory import customer_service
from customers.interface.api.csv_transfer import ImportProblemSerializer, _flag, import_upload
from customers.interface.find import query_from_params
from customers.interface.serializers import FIND_QUERY_PARAMETERS
from customers.tasks import EXPORT_JOB, IMPORT_JOB, run_customer_export, run_customer_import

_TAGS = ["jobs"]


# The form fields an import job takes: the synchronous import's, less its preview.
_IMPORT_JOB_FIELDS = ("file", "skip_invalid")


class JobProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField(help_text="Rows processed so far.")
    total = serializers.IntegerField(
        allow_null=True, help_text="Rows in the file; null until the job starts."
    )

    class Meta:
        ref_name = "JobProgress"


class JobImportResultSerializer(serializers.Serializer):
    total_rows = serializers.IntegerField(required=False, help_text="An import: rows in the file.")
    created = serializers.IntegerField(required=False, help_text="An import: customers created.")
    skipped_rows = serializers.IntegerField(required=False, help_text="An import: rows refused and skipped.")
    rows = serializers.IntegerField(required=False, help_text="An export: customers in the file.")
    download_url = serializers.CharField(
        required=False, help_text="An export: where to download the CSV (no token needed; the link expires)."
    )
    expires_at = serializers.DateTimeField(
        required=False, help_text="An export: when the link stops working."
    )

    class Meta:
        ref_name = "JobImportResult"


class JobProblemSerializer(ImportProblemSerializer):
    row = serializers.IntegerField(allow_null=True, help_text="Null for a fault of the file as a whole.")

    class Meta:
        ref_name = "JobProblem"


class JobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=[IMPORT_JOB, EXPORT_JOB])
    state = serializers.ChoiceField(choices=[choice for choice, _ in jobs.State.choices])
    progress = JobProgressSerializer()
    rows_per_second = serializers.FloatField(allow_null=True)
    seconds_left = serializers.FloatField(
        allow_null=True, help_text="An estimate while it runs; null otherwise."
    )
    cancel_requested = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)
    errors = JobProblemSerializer(  # type: ignore[assignment]
        many=True, help_text="Per-row problems (the first 1,000; `error_count` counts them all)."
    )
    error_count = serializers.IntegerField()
    result = JobImportResultSerializer(
        allow_null=True, help_text="Once it succeeded (an import's or an export's fields)."
    )
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "Job"


class JobAcceptedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=[choice for choice, _ in jobs.State.choices])

    class Meta:
        ref_name = "JobAccepted"


_JOB = success_envelope_for(JobSerializer, "JobEnvelope")
_ACCEPTED = success_envelope_for(JobAcceptedSerializer, "JobAcceptedEnvelope")


def job_location(job_id: Any) -> str:
    return reverse("jobs-api:detail", kwargs={"job_id": job_id})


class _StartJobApi(BaseApi):
    def accepted(self, job: Any, *, message: str) -> Response:
        """202 with the job's id and state, and its status URL in `Location` to poll."""
        return self.respond(
            {"id": str(job.id), "state": job.state},
            message=message,
            status=202,
            headers={"Location": job_location(job.id)},
        )


class CustomerImportJobApi(_StartJobApi):
    """`customers/import/jobs/`: the import of `import/`, run in the background."""

    parser_classes = [MultiPartParser]

    @swagger_auto_schema(
        operation_summary="Import customers from a CSV file, as a background job",
        operation_description=(
            "The same file and fields as `customers/import/` (`skip_invalid`; no `dry_run`), for "
            "files too big for one request to import: answers 202 at once with the job's id and a "
            "`Location` to poll (`GET jobs/<id>/`). The job takes up to "
            "CUSTOMER_IMPORT_JOB_MAX_ROWS rows (1,000,000 by default). Its modes keep their "
            "meaning: without `skip_invalid`, a single refused row fails the job and nothing is "
            "imported (the job's `errors` name every row); with it, the valid rows are imported "
            "and the rest reported. A cancelled job imports nothing."
        ),
        manual_parameters=[
            openapi.Parameter(
                "file", openapi.IN_FORM, type=openapi.TYPE_FILE, required=True, description="The CSV."
            ),
            openapi.Parameter(
                "skip_invalid",
                openapi.IN_FORM,
                type=openapi.TYPE_BOOLEAN,
                description="Import the valid rows.",
            ),
        ],
        consumes=["multipart/form-data"],
        responses=responses(
            202,
            _ACCEPTED,
            400,
            success_headers={"Location": "The job's URL (`/api/v1/jobs/<id>/`)."},
        ),
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        # The job is queued before its file is read, so a misspelt form field would otherwise
        # be silently ignored: name it, and queue nothing.
        unknown = sorted(set(request.data) - set(_IMPORT_JOB_FIELDS))
        if unknown:
            raise ValidationFailed(
                "Unknown field.",
                details=[
                    ErrorDetail(name if name.strip() else None, "unknown_field", "Unknown field.")
                    for name in unknown[:5]
                ],
            )
        # The flag is a form value, `true` or `false`, as the schema says: a file under its name,
        # an empty value or any other word is refused (the job would otherwise run with the
        # default and say nothing).
        raw_flag = request.POST.get("skip_invalid")
        if "skip_invalid" in request.FILES or (
            raw_flag is not None and raw_flag.lower() not in ("true", "false")
        ):
            raise ValidationFailed("Use true or false.", code="invalid", field="skip_invalid")
        skip_invalid = _flag(request, "skip_invalid")
        upload = import_upload(request)
        job = jobs.start_job(
            owner_id=self.user_id(request),
            kind=IMPORT_JOB,
            params={"skip_invalid": skip_invalid, "file_name": str(upload.name)[:200]},
            task=run_customer_import,
            upload=upload,
        )
        return self.accepted(job, message="Import queued")


class JobDetailApi(BaseApi):
    """`jobs/<id>/`: a job's state, progress, per-row errors and result."""

    @swagger_auto_schema(
        operation_summary="A job's state and progress",
        operation_description=(
            "`state` is `queued`, `running`, `succeeded`, `failed` or `cancelled`; `progress` "
            "counts rows done of `total`, with the rate and an estimate of the time left while it "
            "runs. Another user's job is a 404."
        ),
        responses=responses(200, _JOB, 404),
        tags=_TAGS,
    )
    def get(self, request: Request, job_id: UUID) -> Response:
        job = jobs.job_for(self.user_id(request), job_id)
        return self.respond(jobs.representation(job), message="Job")


class JobCancelApi(BaseApi):
    """`jobs/<id>/cancel/`: stop a job."""

    @swagger_auto_schema(
        operation_summary="Cancel a job",
        operation_description=(
            "A queued job is cancelled at once (200, `state: cancelled`). A running one stops at "
            "its next progress step, within about a second (202, `cancel_requested: true`; poll "
            "the job); a cancelled import stores nothing. A job that has already finished is a "
            "409 `job_finished`; another user's is a 404."
        ),
        request_body=no_body,
        responses={**responses(200, _JOB, 404, 409), 202: _JOB},
        tags=_TAGS,
    )
    def post(self, request: Request, job_id: UUID) -> Response:
        job = jobs.request_cancel(self.user_id(request), job_id)
        cancelled = job.state == jobs.State.CANCELLED
        return self.respond(
            jobs.representation(job),
            message="Job cancelled" if cancelled else "Cancel requested",
            status=200 if cancelled else 202,
        )


class CustomerExportJobApi(_StartJobApi):
    """`customers/export/jobs/`: the export of `export/`, written to a file in the background."""

    @swagger_auto_schema(
        operation_summary="Export your customers as CSV, as a background job",
        operation_description=(
            "Takes the list's search, filter and ordering parameters, like `customers/export/`, "
            "and answers 202 at once with the job's id and a `Location` to poll. When the job "
            "has succeeded, its `result.download_url` serves the CSV until `result.expires_at` "
            "(JOB_DOWNLOAD_HOURS, 24 by default); the file is deleted then."
        ),
        manual_parameters=FIND_QUERY_PARAMETERS,
        request_body=no_body,
        responses=responses(
            202,
            _ACCEPTED,
            400,
            success_headers={"Location": "The job's URL (`/api/v1/jobs/<id>/`)."},
        ),
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        query_from_params(request.query_params, customer_service())  # a 400 now, not a failed job
        job = jobs.start_job(
            owner_id=self.user_id(request),
            kind=EXPORT_JOB,
            params={"query": request.query_params.urlencode()},
            task=run_customer_export,
        )
        return self.accepted(job, message="Export queued")


class JobDownloadApi(PublicApi):
    """`jobs/download/<token>/`: an export job's file, while its link has not expired."""

    @swagger_auto_schema(
        operation_summary="Download an export job's CSV",
        operation_description=(
            "The link from the job's `result.download_url`: the signed token in it is the "
            "credential, so it works without a token until it expires. An expired or unknown "
            "link is a 404."
        ),
        produces=["text/csv", "application/json"],
        responses={
            **responses(200, success_envelope_for(None, "EmptyEnvelope"), 404, authenticated=False),
            200: openapi.Response("The CSV file.", schema=openapi.Schema(type=openapi.TYPE_FILE)),
        },
        tags=_TAGS,
    )
    def get(self, request: Request, token: str) -> FileResponse:
        file, name = jobs.download(token)
        response = FileResponse(
            file, as_attachment=True, filename=name, content_type="text/csv; charset=utf-8"
        )
        response["Cache-Control"] = "no-store"
        return response
