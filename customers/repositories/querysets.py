from typing import Any

from django.db.models import Q

from customers.domain.queries import CustomerQuery
from customers.models import Customer, CustomerQuerySet

NEWEST_FIRST = ("-created_at", "-id")


def active_customers_of(owner_id: int) -> CustomerQuerySet:
    return Customer.objects.owned_by(owner_id).active()


def deleted_customers_of(owner_id: int) -> CustomerQuerySet:
    return Customer.objects.owned_by(owner_id).filter(deleted_at__isnull=False)


def matching(customers: CustomerQuerySet, query: CustomerQuery) -> CustomerQuerySet:
    """The ORM lookups of a `CustomerQuery`. Names are compared on the folded `search_name`
    column with `contains` on already-folded words, so the result is the same on every backend
    whatever its collation; phones on the digits of the stored E.164 number."""
    search = Q()
    if query.name_terms:
        names = Q()
        for term in query.name_terms:
            names &= Q(search_name__contains=term)
        search |= names
    if query.phone_digits:
        search |= Q(phone_number__contains=query.phone_digits)
    customers = customers.filter(search)
    if query.born_from is not None:
        customers = customers.filter(date_of_birth__gte=query.born_from)
    if query.born_to is not None:
        customers = customers.filter(date_of_birth__lte=query.born_to)
    if query.created_from is not None:
        customers = customers.filter(created_at__gte=query.created_from)
    if query.created_before is not None:
        customers = customers.filter(created_at__lt=query.created_before)
    return customers


def ordered_by(customers: CustomerQuerySet, query: CustomerQuery) -> CustomerQuerySet:
    sign = "-" if query.descending else ""
    return customers.order_by(f"{sign}{query.order_field}", f"{sign}id")


def after_row(customers: CustomerQuerySet, query: CustomerQuery, row: dict) -> CustomerQuerySet:
    """The rows strictly after `row` in `query`'s order (its field, then id, same direction)."""
    field, value, last_id = query.order_field, row[query.order_field], row["id"]
    beyond = "lt" if query.descending else "gt"
    return customers.filter(
        Q(**{f"{field}__{beyond}": value}) | Q(**{field: value, f"id__{beyond}": last_id})
    )


def beyond(
    rows: Any,
    field: str,
    *,
    descending: bool,
    value: object,
    row_id: int,
    backwards: bool = False,
    tiebreak: str = "id",
) -> Any:
    """The rows strictly after (field, tiebreak) = (value, row_id) in the order `field,
    tiebreak` (both descending or both ascending), or strictly before it with `backwards`."""
    lookup = "lt" if descending != backwards else "gt"
    if field == tiebreak:
        return rows.filter(**{f"{field}__{lookup}": value})
    return rows.filter(
        Q(**{f"{field}__{lookup}": value}) | Q(**{field: value, f"{tiebreak}__{lookup}": row_id})
    )


def keyset_window(
    rows: Any,
    field: str,
    *,
    descending: bool,
    limit: int,
    after: Any = None,
    before: Any = None,
    tiebreak: str = "id",
) -> tuple[list[dict], bool]:
    """Up to `limit` rows (as `rows` yields them: `.values()` dicts) in the order `field, tiebreak`,
    from the start, strictly after `after` or strictly before `before` (positions with
    `.value` and `.id`), returned in that order, and whether more rows lie beyond them in the
    direction read. One query: one row more than asked tells, without a COUNT."""
    backwards = before is not None
    boundary = before if backwards else after
    if boundary is not None:
        rows = beyond(
            rows,
            field,
            descending=descending,
            value=boundary.value,
            row_id=boundary.id,
            backwards=backwards,
            tiebreak=tiebreak,
        )
    sign = "-" if descending != backwards else ""
    order = [f"{sign}{field}"] if field == tiebreak else [f"{sign}{field}", f"{sign}{tiebreak}"]
    found = list(rows.order_by(*order)[: limit + 1])
    window = found[:limit]
    if backwards:
        window.reverse()
    return window, len(found) > limit
