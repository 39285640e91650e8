"""The repository contract runs on both repositories: the in-memory fake and the Django ORM adapter."""

import pytest

from customers.repositories.repository import DjangoCustomerRepository
from customers.tests.fakes import InMemoryCustomerRepository
from users.tests.factories import UserFactory


# The Django side asks for the database through its mark: `getfixturevalue("db")` inside the
# fixture left the test database uncreated when this module ran on its own.
@pytest.fixture(params=["fake", pytest.param("django", marks=pytest.mark.django_db)])
def setup(request):
    if request.param == "fake":
        return InMemoryCustomerRepository(), 1, 2
    return DjangoCustomerRepository(), UserFactory().pk, UserFactory().pk
