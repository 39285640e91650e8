"""What every concern of the Django customer repository shares: rows in, domain entities
out, a new row, the history manager and the one history row a change writes."""

from datetime import datetime
from functools import cache
from typing import Any

from django.db import IntegrityError

from customers.domain.entities import Customer, CustomerFields, DeletedCustomer, HistoryAction
from customers.domain.rules import search_name_of
from customers.models import Customer as CustomerModel
from customers.repositories import hot_reads

ENTITY_COLUMNS = hot_reads.COLUMNS  # the entity's fields, in the order the fast reads select them


def to_entity(row: dict) -> Customer:
    return Customer(**row)


def entity_from_model(instance: CustomerModel) -> Customer:
    return Customer(**{name: getattr(instance, name) for name in ENTITY_COLUMNS})


def new_row(owner_id: int, actor_id: int, fields: CustomerFields) -> CustomerModel:
    """An unsaved row for a new customer, with its folded search name (add and add_many)."""
    return CustomerModel(
        owner_id=owner_id,
        created_by_id=actor_id,
        updated_by_id=actor_id,
        first_name=fields.first_name,
        last_name=fields.last_name,
        phone_number=fields.phone_number,
        date_of_birth=fields.date_of_birth,
        search_name=search_name_of(fields.first_name, fields.last_name),
    )


def is_phone_conflict(error: IntegrityError) -> bool:
    text = str(error).lower()
    return "customers_unique_active_phone" in text or "phone_number" in text


@cache
def history_manager() -> Any:
    """simple-history's manager for customers. `CustomerModel.history` builds a new manager
    class on every access (~0.2 ms); the model-level manager holds no per-call state."""
    return CustomerModel.history


def record_history(row: CustomerModel, *, action: HistoryAction, actor_id: int, at: datetime) -> None:
    """One history row holding `row`'s values after the change (one INSERT). The caller's
    transaction makes it atomic with the change it describes."""
    history_manager().bulk_history_create(
        [row],
        update=action != "created",
        default_change_reason=action,
        default_date=at,
        custom_historical_attrs={"history_user_id": actor_id},
    )


def to_deleted(row: dict) -> DeletedCustomer:
    deleted_at = row.pop("deleted_at")
    return DeletedCustomer(customer=to_entity(row), deleted_at=deleted_at)
