from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.repositories.repository import DjangoCustomerRepository


def customer_repository() -> CustomerRepository:
    """The one place that chooses the concrete customer repository."""
    return DjangoCustomerRepository()
