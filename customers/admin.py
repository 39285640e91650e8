from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from common.exceptions import ApplicationError
from common.forms import add_application_error
from customers.domain.entities import EDITABLE_FIELDS, FIELD_SPECS
from customers.domain.errors import CustomerNotFound, CustomerNotInTrash
from customers.domain.rules import search_name_of
from customers.domain.service_factory import customer_service
from customers.models import Customer, CustomerErasure
from customers.repositories.repository import entity_from_model

# The editable fields staff can search by: every one held as text.
TEXT_FIELDS = tuple(spec.name for spec in FIELD_SPECS if spec.kind in ("name", "phone"))


class CustomerAdminForm(forms.ModelForm):
    """Staff edits go through the same domain rules as the API and the pages."""

    class Meta:
        model = Customer
        fields = ("owner", *EDITABLE_FIELDS)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        owner = cleaned.get("owner")
        if self.errors or owner is None:
            return cleaned
        instance: Customer = self.instance
        existing = None
        if instance.pk and instance.deleted_at is None and instance.owner_id == owner.pk:
            existing = entity_from_model(instance)
        try:
            fields = customer_service().validate(
                owner_id=owner.pk, existing=existing, **{name: cleaned.get(name) for name in EDITABLE_FIELDS}
            )
        except ApplicationError as error:
            add_application_error(self, error)
            return cleaned
        cleaned.update({name: getattr(fields, name) for name in EDITABLE_FIELDS})  # normalised
        return cleaned


class DeletedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("active", "Active"), ("deleted", "Deleted")]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "active":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):  # adds a History view per customer for staff
    form = CustomerAdminForm
    list_display = ("id", *EDITABLE_FIELDS, "owner", "created_at", "deleted_at")
    list_filter = (DeletedFilter, "created_at")
    search_fields = (*TEXT_FIELDS, "owner__email")
    list_select_related = ("owner",)
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by")
    raw_id_fields = ("owner",)
    ordering = ("-created_at", "-id")
    # Deleting is the same soft delete as on the API and the pages (the trash, the history with
    # the staff member as actor, the owner's count): the admin offers no hard delete.
    actions = ["move_to_trash", "erase_permanently"]
    delete_confirmation_template = "admin/customers/customer/delete_confirmation.html"

    @admin.action(
        description="Erase selected customers in the trash permanently (every copy)", permissions=["delete"]
    )
    def erase_permanently(self, request: HttpRequest, queryset: QuerySet[Customer]) -> HttpResponse | None:
        """Permanent removal: a separate action, behind a confirmation page, through
        the same erase path as the owner's "Erase now" (row, history and every copy; an audit
        record without personal data stays). Only customers in the trash: the rule is the
        domain's, so an active one is reported and left alone."""
        trashed = [c for c in queryset if c.deleted_at is not None]
        active = [c for c in queryset if c.deleted_at is None]
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Erase customers permanently?",
                "opts": self.model._meta,
                "trashed": trashed,
                "active": active,
                "queryset": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/customers/customer/erase_confirmation.html", context)
        service = customer_service()
        erased = 0
        for customer in trashed:
            try:
                service.erase_customer(
                    owner_id=customer.owner_id,
                    customer_id=customer.pk,
                    actor_id=request.user.pk,
                    reason="staff",
                )
                erased += 1
            except (CustomerNotFound, CustomerNotInTrash):
                pass  # restored or erased by someone else meanwhile: reported below as not erased
        self.message_user(request, f"Erased {erased} customer(s) permanently, with their history.")
        skipped = len(trashed) - erased + len(active)
        if skipped:
            self.message_user(
                request,
                f"{skipped} customer(s) were not erased: only customers in the trash can be erased. "
                "Delete them first.",
                level=messages.WARNING,
            )
        return None

    def save_model(self, request: HttpRequest, obj: Customer, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        obj.updated_by = request.user  # type: ignore[assignment]
        obj._history_user = request.user  # type: ignore[attr-defined]  # who, in the history
        if change:
            # An admin edit is a change too, so API clients' If-Match must fail. Counted from the
            # stored version, locked until the admin's transaction commits, never from the form's.
            current = Customer.objects.select_for_update().values_list("version", flat=True).get(pk=obj.pk)
            obj.version = current + 1
        obj.search_name = search_name_of(obj.first_name, obj.last_name)
        super().save_model(request, obj, form, change)

    # --- delete: the soft delete of the customer service ---------------------------------
    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # Django's bulk action deletes rows for good
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: Customer | None = None) -> bool:
        # A customer in the trash has nothing left to soft-delete.
        if obj is not None and obj.deleted_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Customer) -> None:
        self._move_to_trash(request, [(obj.pk, obj.owner_id)])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Customer]) -> None:
        self._move_to_trash(request, queryset.values_list("pk", "owner_id"))

    @admin.action(description="Move selected customers to the trash", permissions=["delete"])
    def move_to_trash(self, request: HttpRequest, queryset: QuerySet[Customer]) -> None:
        selected = queryset.filter(deleted_at__isnull=True).values_list("pk", "owner_id")
        moved = self._move_to_trash(request, selected)
        skipped = queryset.count() - moved
        note = f" ({skipped} already in the trash)" if skipped else ""
        self.message_user(
            request,
            f"{moved} customer{'s' if moved != 1 else ''} moved to the trash{note}; "
            "their owners can restore them.",
            messages.SUCCESS,
        )

    def response_delete(self, request: HttpRequest, obj_display: str, obj_id: Any) -> HttpResponse:
        if IS_POPUP_VAR in request.POST:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request,
            f"The customer “{obj_display}” was moved to the trash; its owner can restore it.",
            messages.SUCCESS,
        )
        return redirect("admin:customers_customer_changelist")

    @staticmethod
    def _move_to_trash(request: HttpRequest, customers: Any) -> int:
        """Soft-delete each (id, owner id) through the service, as the staff member; one that
        is already gone is skipped. Returns how many were moved."""
        service = customer_service()
        actor_id = int(request.user.pk or 0)  # the admin site has checked a staff login
        moved = 0
        for customer_id, owner_id in list(customers):
            try:
                service.delete_customer(owner_id=owner_id, customer_id=customer_id, actor_id=actor_id)
            except CustomerNotFound:
                continue
            moved += 1
        return moved


@admin.register(CustomerErasure)
class CustomerErasureAdmin(admin.ModelAdmin):
    """The erasure audit trail, read-only: which customer id was erased, by whom, when, why."""

    list_display = ("customer_id", "erased_by", "erased_at", "reason")
    list_filter = ("reason", "erased_at")
    search_fields = ("=customer_id",)
    ordering = ("-erased_at", "-id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
