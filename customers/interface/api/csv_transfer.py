"""CSV export and import of the customer book: the export streams the owner's customers
(honouring the list's search, filters and order); the import creates customers from a file."""

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_yasg import openapi
from drf_yasg.utils import swagger_auto_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from common import idempotency
from common.api import BaseApi
from common.api_docs import responses, success_envelope_for
from common.exceptions import ValidationFailed
from common.uploads import upload_was_too_large
from customers.domain.entities import ImportReport
from customers.domain.service_factory import customer_service
from customers.interface.csv_io import EXPORT_COLUMNS, export_lines, read_import_file
from customers.interface.find import query_from_params
from customers.interface.serializers import FIND_QUERY_PARAMETERS

_TAGS = ["customers"]


class ImportRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Line of the file (the header is line 1).")
    first_name = serializers.CharField()
    last_name = serializers.CharField(allow_blank=True)
    phone_number = serializers.CharField(help_text="E.164")
    date_of_birth = serializers.DateField()

    class Meta:
        ref_name = "ImportRow"


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()
    message = serializers.CharField()

    class Meta:
        ref_name = "ImportProblem"


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    imported = serializers.BooleanField(help_text="Whether customers were written.")
    total_rows = serializers.IntegerField()
    created = serializers.IntegerField(help_text="How many customers were (or would be) created.")
    rows = ImportRowSerializer(
        many=True,
        help_text="The first 1,000 customers created (or to be created); `created` counts them all.",
    )
    problems = ImportProblemSerializer(many=True, help_text="Rows refused, with column and reason.")

    class Meta:
        ref_name = "ImportReport"


_REPORT = success_envelope_for(ImportReportSerializer, "ImportReportEnvelope")


def report_representation(report: ImportReport, *, dry_run: bool) -> dict[str, Any]:
    return {
        "dry_run": dry_run,
        "imported": report.imported,
        "total_rows": report.total_rows,
        "created": report.created,
        "rows": [
            {
                "row": row,
                "first_name": fields.first_name,
                "last_name": fields.last_name,
                "phone_number": fields.phone_number,
                "date_of_birth": fields.date_of_birth.isoformat(),
            }
            for row, fields in report.to_create
        ],
        "problems": [asdict(problem) for problem in report.problems],
    }


def csv_download(lines: Any, *, prefix: str = "customers") -> StreamingHttpResponse:
    """A streamed CSV attachment: the lines are produced as the client reads them."""
    response = StreamingHttpResponse(
        (line.encode() for line in lines), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


class CustomerExportApi(BaseApi):
    """`customers/export/`: the owner's customers as CSV, honouring search, filters and order."""

    accepts_api_keys = True

    @swagger_auto_schema(
        operation_summary="Export your customers as CSV (streamed)",
        operation_description=(
            f"Columns: {', '.join(EXPORT_COLUMNS)}; UTF-8 with a byte-order mark. Takes the list's search, filter and "
            "ordering parameters. Cells a spreadsheet would run as a formula (starting with =, "
            "+, -, @, tab or CR) are prefixed with a single quote; E.164 phone numbers are kept "
            "as they are (a spreadsheet reads them as numbers, never as formulas).\n\n"
            "The 200 is `text/csv`; every error is the JSON failure envelope (`application/json`). "
            "Swagger 2.0 lists media types per operation, not per response, so both appear above."
        ),
        manual_parameters=FIND_QUERY_PARAMETERS,
        produces=["text/csv", "application/json"],
        responses={
            **responses(200, success_envelope_for(None, "EmptyEnvelope"), 400),
            200: openapi.Response(
                "The CSV file (`text/csv; charset=utf-8`).",
                schema=openapi.Schema(type=openapi.TYPE_FILE),
                headers={
                    "Content-Disposition": openapi.Schema(
                        type=openapi.TYPE_STRING,
                        description='`attachment; filename="customers-YYYYMMDD-HHMM.csv"`',
                    )
                },
            ),
        },
        tags=_TAGS,
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        service = customer_service()
        query = query_from_params(request.query_params, service)
        customers = service.export_customers(owner_id=self.user_id(request), query=query)
        return csv_download(export_lines(customers))


def _flag(request: Request, name: str) -> bool:
    raw = str(request.POST.get(name, "")).strip().lower()
    if raw in ("", "0", "false", "no", "off"):
        return False
    if raw in ("1", "true", "yes", "on"):
        return True
    raise ValidationFailed("Use true or false.", code="invalid", field=name)


def import_upload(request: Any) -> Any:
    upload = request.FILES.get("file") if hasattr(request, "FILES") else None
    if upload_was_too_large(request):
        message = f"The file is larger than {settings.UPLOAD_MAX_BYTES // 1024} KB."
        raise ValidationFailed(message, code="too_large", field="file")
    if upload is None:
        raise ValidationFailed("Attach a CSV file as `file`.", code="required", field="file")
    return upload


class CustomerImportApi(BaseApi):
    """`customers/import/`: create customers from a CSV file."""

    accepts_api_keys = True

    parser_classes = [MultiPartParser]

    @swagger_auto_schema(
        operation_summary="Import customers from a CSV file",
        operation_description=(
            "A CSV (UTF-8, with or without byte-order mark) with columns `first_name`, "
            "`phone_number`, `date_of_birth` (YYYY-MM-DD) and optionally `last_name`; other "
            "columns are ignored, so an export imports back. Every row goes through the same "
            "rules as a single create; phone numbers must be unique within the file and among "
            "your active customers. `dry_run=true` only reports (200). Otherwise the whole file "
            "is imported (201) or, if any row is refused, nothing is (400, `errors` names each "
            "row) — unless `skip_invalid=true`, which imports the valid rows and reports the "
            "rest. A file that cannot be read (not CSV, not UTF-8, missing columns, over "
            f"{settings.CUSTOMER_IMPORT_MAX_ROWS} rows or {settings.CUSTOMER_IMPORT_MAX_BYTES // 1024} KB) "
            "is a 400 naming `file`.\n\nWith an `Idempotency-Key`, a retry of the same file and "
            "flags replays the first answer and imports nothing twice; the same key with another "
            "file is a 409."
        ),
        manual_parameters=[
            idempotency.PARAMETER,
            openapi.Parameter(
                "file", openapi.IN_FORM, type=openapi.TYPE_FILE, required=True, description="The CSV."
            ),
            openapi.Parameter(
                "dry_run", openapi.IN_FORM, type=openapi.TYPE_BOOLEAN, description="Preview only."
            ),
            openapi.Parameter(
                "skip_invalid",
                openapi.IN_FORM,
                type=openapi.TYPE_BOOLEAN,
                description="Import the valid rows.",
            ),
        ],
        consumes=["multipart/form-data"],
        responses={**responses(201, _REPORT, 400, 409), 200: _REPORT},
        tags=_TAGS,
    )
    def post(self, request: Request) -> Response:
        return idempotency.idempotent(
            request,
            user_id=self.user_id(request),
            run=lambda: self.answered(self._import, request),
            fingerprint=lambda: idempotency.upload_fingerprint(
                request, form_fields=("dry_run", "skip_invalid")
            ),
        )

    def _import(self, request: Request) -> Response:
        dry_run, skip_invalid = _flag(request, "dry_run"), _flag(request, "skip_invalid")
        rows = read_import_file(
            import_upload(request),
            max_bytes=settings.CUSTOMER_IMPORT_MAX_BYTES,
            max_rows=settings.CUSTOMER_IMPORT_MAX_ROWS,
        )
        owner_id = self.user_id(request)
        report = customer_service().import_customers(
            owner_id=owner_id, actor_id=owner_id, rows=rows, dry_run=dry_run, skip_invalid=skip_invalid
        )
        message = "Import preview" if dry_run else f"Imported {report.created} customers"
        return self.respond(
            report_representation(report, dry_run=dry_run), message=message, status=200 if dry_run else 201
        )
