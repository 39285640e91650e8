"""The customers app's background tasks (common/tasks.py): CSV import and export run as jobs."""

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.http import QueryDict

from common.exceptions import ApplicationError
from common.jobs import JobCancelled, JobRun, count_lines
from common.models import BackgroundTask
from common.tasks import background
from customers.domain.entities import Customer
from customers.domain.errors import ImportRowsInvalid
from customers.domain.service_factory import customer_service
from customers.interface.csv_io import export_lines, read_import_file
from customers.interface.find import query_from_params

IMPORT_JOB = "customer_import"


def _job_failed(record: BackgroundTask) -> None:
    """Every attempt failed unexpectedly (not a bad file: that is a failed job, not a failed task)."""
    run = JobRun(str(record.args[0]))
    if not run.finished:
        run.finish("failed", message="The import could not be completed; nothing was imported.")


@background(max_attempts=3, on_give_up=_job_failed)
def run_customer_import(job_id: str) -> dict[str, Any]:
    """Import the job's file with the same rules and modes as the synchronous import. A rerun
    (a retry, or a worker that died mid-way) starts again from the first row: the import is one
    transaction, so an interrupted one stored nothing. A finished job is left as it is."""
    run = JobRun(job_id)
    job = run.job
    if run.finished:
        return {"state": job.state}
    skip_invalid = bool(job.params.get("skip_invalid"))
    # Lines less the header (and the export's trailer line, if there): the rows to come.
    run.start(total=max(count_lines(run.input) - 1, 0))
    try:
        with run.input() as file:
            rows = read_import_file(
                file, max_bytes=settings.UPLOAD_MAX_BYTES, max_rows=settings.CUSTOMER_IMPORT_JOB_MAX_ROWS
            )
            report = customer_service().import_customers(
                owner_id=job.owner_id,
                actor_id=job.owner_id,
                rows=rows,
                skip_invalid=skip_invalid,
                on_progress=run.progress,
            )
    except JobCancelled:
        run.finish("cancelled", message="Cancelled; nothing was imported.")
        return {"state": "cancelled"}
    except ImportRowsInvalid as error:
        problems = [asdict(problem) for problem in error.problems]
        run.finish("failed", errors=problems, message=error.message)
        return {"state": "failed"}
    except ApplicationError as error:  # the file itself cannot be read
        run.finish(
            "failed", errors=[{"row": None, **asdict(d)} for d in error.details], message=error.message
        )
        return {"state": "failed"}
    result = {
        "total_rows": report.total_rows,
        "created": report.created,
        "skipped_rows": len({p.row for p in report.problems}),
    }
    run.finish(
        "succeeded",
        done=report.total_rows,
        result=result,
        errors=[asdict(problem) for problem in report.problems],
        message=f"Imported {report.created} customers.",
    )
    return {"state": "succeeded", **result}


EXPORT_JOB = "customer_export"


@background(max_attempts=3, on_give_up=_job_failed)
def run_customer_export(job_id: str) -> dict[str, Any]:
    """Write the owner's matching customers to a CSV in job storage (the export's columns and
    trailer), a row at a time; the result holds a download link that expires. A rerun writes
    the file again from the start."""
    run = JobRun(job_id)
    job = run.job
    if run.finished:
        return {"state": job.state}
    service = customer_service()
    query = query_from_params(QueryDict(job.params.get("query", "")), service)
    run.start(total=service.find_customers(owner_id=job.owner_id, query=query, offset=0, limit=1).total)
    counted = {"rows": 0}

    def counting(customers: Iterator[Customer]) -> Iterator[Customer]:
        for customer in customers:
            yield customer
            counted["rows"] += 1
            if counted["rows"] % 1000 == 0:
                run.progress(counted["rows"])

    try:
        lines = export_lines(counting(service.export_customers(owner_id=job.owner_id, query=query)))
        output = run.write_output("customers.csv", (line.encode() for line in lines))
    except JobCancelled:
        run.finish("cancelled", message="Cancelled; no file was made.")
        return {"state": "cancelled"}
    result = {"rows": counted["rows"], **output}
    run.finish(
        "succeeded", done=counted["rows"], result=result, message=f"Exported {counted['rows']} customers."
    )
    return {"state": "succeeded", "rows": counted["rows"]}
