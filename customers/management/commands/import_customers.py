from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.exceptions import ApplicationError
from customers.domain.entities import EDITABLE_FIELDS
from customers.domain.service_factory import customer_service
from customers.interface.csv_io import read_import_file
from customers.management.commands.seed_customers import ProgressBar


class Command(BaseCommand):
    help = (
        f"Import customers from a CSV file ({', '.join(EDITABLE_FIELDS)}) "
        "into an owner's book, with the same rules as the API. All rows or none, unless "
        "--skip-invalid; --dry-run only reports."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="Email of the existing owner.")
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8, with or without BOM).")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows, report the rest."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check the file, change nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        owner = users.objects.filter(email=users.objects.normalize_email(options["owner"])).first()
        if owner is None:
            raise CommandError(f"No user {options['owner']}.")
        path: Path = options["file"]
        try:
            with path.open("rb") as upload:
                # The file is read row by row while it is imported; a first pass counts its
                # lines for the progress bar (the header is one of them).
                lines = sum(1 for _ in upload) - 1
                upload.seek(0)
                rows = read_import_file(
                    upload,
                    max_bytes=settings.CUSTOMER_IMPORT_MAX_BYTES,
                    max_rows=settings.CUSTOMER_IMPORT_MAX_ROWS,
                )
                report = self._import(owner.pk, rows, lines, options)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except ApplicationError as error:
            for detail in error.details:
                self.stderr.write(f"{detail.field or '-'}: {detail.message}")
            raise CommandError(f"Nothing was imported: {error.message}") from error
        for problem in report.problems:
            self.stderr.write(f"row {problem.row}, {problem.field or '-'}: {problem.message}")
        verb = "Would import" if options["dry_run"] else "Imported"
        skipped = f", {len({p.row for p in report.problems})} rows refused" if report.problems else ""
        self.stdout.write(f"{verb} {report.created:,} customers for {owner.email}{skipped}.")

    def _import(
        self, owner_id: int, rows: Iterator[tuple[int, Mapping[str, str]]], lines: int, options: Any
    ) -> Any:
        progress = None if options["no_progress"] else ProgressBar(max(lines, 0), self._write_progress)

        def counted() -> Iterator[tuple[int, Mapping[str, str]]]:
            for row in rows:
                yield row
                if progress:
                    progress.advance(1)

        return customer_service().import_customers(
            owner_id=owner_id,
            actor_id=owner_id,
            rows=counted(),
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
        )

    def _write_progress(self, text: str) -> None:
        self.stderr.write(text, ending="")
        self.stderr.flush()
