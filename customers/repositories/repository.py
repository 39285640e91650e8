"""The Django ORM side of the customer repository: one adapter per concern of the port
(records, find, trash, import/export, history, erasure), composed into the one repository the
factory hands out."""

from customers.domain.interfaces.customer_repository import CustomerRepository
from customers.repositories.erasure_repository import DjangoErasureRepository
from customers.repositories.find import DjangoFindRepository
from customers.repositories.history import DjangoHistoryRepository
from customers.repositories.records import DjangoRecordRepository
from customers.repositories.rows import entity_from_model
from customers.repositories.transfer import DjangoTransferRepository
from customers.repositories.trash import DjangoTrashRepository

__all__ = ["DjangoCustomerRepository", "entity_from_model"]


class DjangoCustomerRepository(
    DjangoRecordRepository,
    DjangoFindRepository,
    DjangoTrashRepository,
    DjangoTransferRepository,
    DjangoHistoryRepository,
    DjangoErasureRepository,
    CustomerRepository,
):
    """Every concern's adapter at once, over one database."""
