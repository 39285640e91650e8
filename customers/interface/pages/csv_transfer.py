"""CSV export, and CSV import with a preview: upload, see what would be created and which rows
fail and why, then confirm."""

import secrets
from io import BytesIO
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from common.exceptions import ApplicationError, ValidationFailed
from common.forms import add_application_error
from common.uploads import upload_was_too_large
from customers.domain.pending_uploads import pending_upload_store
from customers.domain.service_factory import customer_service
from customers.interface.api.csv_transfer import csv_download
from customers.interface.csv_io import IMPORT_COLUMNS_HELP, export_lines, read_import_file
from customers.interface.find import CustomerFindForm, query_from_form
from customers.interface.pages.base import CustomerPageMixin, caller_id
from customers.interface.pages.jobs import start_import_job

# The uploaded file waits between preview and confirm (customers.domain.pending_uploads), named
# by a random token that only the uploader's session knows (one pending import per session).
_SESSION_KEY = "customer_import"


class CustomerExportView(CustomerPageMixin, View):
    def get(self, request: HttpRequest) -> HttpResponseBase:
        service = customer_service()
        find = CustomerFindForm(request.GET)
        if not find.is_valid():
            # The dashboard shows the same parameters with their errors next to each field.
            return redirect(f"{reverse('customers:dashboard')}?{request.GET.urlencode()}")
        try:
            query = query_from_form(find, service)
        except ValidationFailed:
            return redirect(f"{reverse('customers:dashboard')}?{request.GET.urlencode()}")
        return csv_download(export_lines(service.export_customers(owner_id=caller_id(request), query=query)))


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"{IMPORT_COLUMNS_HELP}.",
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Skip invalid rows", help_text="Import the valid rows and report the others."
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    skip_invalid = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _pending_path(request: HttpRequest, token: str) -> Path | None:
    pending = request.session.get(_SESSION_KEY) or {}
    if not token or not secrets.compare_digest(str(pending.get("token", "")), token):
        return None
    return pending_upload_store().path_for(caller_id(request), token)


class CustomerImportView(CustomerPageMixin, View):
    """Upload → preview (a dry run: what will be created, which rows fail and why) → confirm."""

    template_name = "customers/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ImportUploadForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportUploadForm(request.POST, request.FILES)
        if upload_was_too_large(request):
            form.add_error("file", f"The file is larger than {settings.UPLOAD_MAX_BYTES // 1024} KB.")
        if not form.is_valid():
            return render(request, self.template_name, {"form": form})
        upload = form.cleaned_data["file"]
        if "background" in request.POST:  # no preview: straight to a job with a progress bar
            return start_import_job(request, upload, skip_invalid=form.cleaned_data["skip_invalid"])
        owner_id = caller_id(request)
        try:
            content = upload.read(settings.CUSTOMER_IMPORT_MAX_BYTES + 1)
            rows = read_import_file(
                BytesIO(content),
                max_bytes=settings.CUSTOMER_IMPORT_MAX_BYTES,
                max_rows=settings.CUSTOMER_IMPORT_MAX_ROWS,
            )
            report = customer_service().import_customers(
                owner_id=owner_id, actor_id=owner_id, rows=rows, dry_run=True
            )
        except ApplicationError as error:
            add_application_error(form, error)
            return render(request, self.template_name, {"form": form})
        self._discard(request)
        token = secrets.token_urlsafe(24)
        pending_upload_store().save(owner_id, token, content)
        request.session[_SESSION_KEY] = {"token": token, "name": upload.name}
        skip = form.cleaned_data["skip_invalid"]
        confirm = ImportConfirmForm(initial={"token": token, "skip_invalid": skip})
        context = {
            "report": report,
            "confirm": confirm,
            "skip_invalid": skip,
            "file_name": upload.name,
            "can_import": bool(report.created) and (skip or not report.problems),
        }
        return render(request, "customers/import_preview.html", context)

    @staticmethod
    def _discard(request: HttpRequest) -> None:
        pending = request.session.pop(_SESSION_KEY, None)
        if pending:
            pending_upload_store().discard(caller_id(request), str(pending["token"]))


class CustomerImportConfirmView(CustomerPageMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportConfirmForm(request.POST)
        path = _pending_path(request, form.data.get("token", "")) if form.is_valid() else None
        if path is None or not path.exists():
            messages.error(request, "That import has expired or was already done; upload the file again.")
            return redirect("customers:import")
        owner_id = caller_id(request)
        try:
            rows = read_import_file(
                BytesIO(path.read_bytes()),
                max_bytes=settings.CUSTOMER_IMPORT_MAX_BYTES,
                max_rows=settings.CUSTOMER_IMPORT_MAX_ROWS,
            )
            report = customer_service().import_customers(
                owner_id=owner_id,
                actor_id=owner_id,
                rows=rows,
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
        except ApplicationError as error:
            messages.error(request, f"Nothing was imported: {error.message}")
            return redirect("customers:import")
        finally:
            CustomerImportView._discard(request)
        skipped = f"; {len({p.row for p in report.problems})} rows skipped" if report.problems else ""
        messages.success(request, f"Imported {report.created} customers{skipped}.")
        return redirect("customers:dashboard")
