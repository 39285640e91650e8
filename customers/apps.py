from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _restore_count_triggers(sender: AppConfig, using: str, **kwargs: Any) -> None:
    """SQLite drops a table's triggers whenever a migration rebuilds the table: after every
    migrate, put back any active-count trigger that is missing, recounting with writes held
    off; with every trigger in place, touch nothing (see count_triggers)."""
    from customers.repositories import count_triggers

    connection = connections[using]
    if "customer_counts" in connection.introspection.table_names():
        count_triggers.ensure_installed(connection)


def count_triggers_problem() -> str | None:
    """For the readiness probe: a missing count trigger means the list's totals will drift."""
    from django.db import connection

    from customers.repositories import count_triggers

    missing = count_triggers.missing_triggers(connection)
    if missing:
        return (
            f"Active-customer count triggers missing: {', '.join(missing)}. "
            "Run `manage.py customer_counts --repair`."
        )
    return None


def _discard_pending_imports(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """An import upload waiting for its confirm step dies with the session that holds its token."""
    from customers.repositories import pending_imports

    if user is not None and user.pk is not None:
        pending_imports.discard_all_of(user.pk)


class CustomersConfig(AppConfig):
    name = "customers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The composition root: the domain's service factory learns which repository,
        # clock and phone region to use. Nothing is built here; factories run per call.
        from django.conf import settings
        from django.contrib.auth.signals import user_logged_out
        from django.utils import timezone
        from django.utils.module_loading import import_string

        from common.health import register_database_check
        from customers.domain import pending_uploads, service_factory
        from customers.domain.ports import NULL_PUBLISHER
        from customers.repositories import pending_imports
        from customers.repositories.repo_factories import customer_repository

        publisher: str = getattr(settings, "CUSTOMER_EVENT_PUBLISHER", "")
        post_migrate.connect(_restore_count_triggers, sender=self)
        register_database_check(count_triggers_problem)
        user_logged_out.connect(_discard_pending_imports, dispatch_uid="customers-discard-pending-imports")
        service_factory.configure(
            repository=customer_repository,
            today=timezone.localdate,
            default_region=lambda: settings.PHONENUMBER_DEFAULT_REGION,
            # Who hears of changes to the book (webhooks): named in settings, so this app
            # depends on no subscriber; unset, nobody.
            events=import_string(publisher) if publisher else lambda: NULL_PUBLISHER,
        )
        pending_uploads.configure(store=lambda: pending_imports)
