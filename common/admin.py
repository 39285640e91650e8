"""Background tasks for staff: every task with its attempts and last error, read-only.
(django-tasks-db registers its own per-run admin, "Task results", with each traceback.) And
the jobs users started."""

from django.contrib import admin
from django.http import HttpRequest

from common.models import BackgroundTask, Job


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "state",
        "attempts",
        "max_attempts",
        "created_at",
        "next_attempt_at",
        "finished_at",
    )
    list_filter = ("state", "name")
    search_fields = ("name", "key")
    ordering = ("-created_at",)

    def get_readonly_fields(self, request: HttpRequest, obj: BackgroundTask | None = None) -> list[str]:
        return [field.name for field in BackgroundTask._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: BackgroundTask | None = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Imports and exports users started, with their progress and per-row report."""

    list_display = (
        "id",
        "kind",
        "owner",
        "state",
        "done",
        "total",
        "error_count",
        "created_at",
        "finished_at",
    )
    list_filter = ("state", "kind")
    list_select_related = ("owner",)
    ordering = ("-created_at",)

    def get_readonly_fields(self, request: HttpRequest, obj: Job | None = None) -> list[str]:
        return [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False
