from customers.models import Customer, CustomerQuerySet

NEWEST_FIRST = ("-created_at", "-id")


def active_customers_of(owner_id: int) -> CustomerQuerySet:
    return Customer.objects.owned_by(owner_id).active()
