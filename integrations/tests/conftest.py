import pytest
from rest_framework.test import APIClient

from customers.tests.interface.conftest import client_for
from users.tests.factories import UserFactory

KEYS = "/api/v1/api-keys/"
CUSTOMERS = "/api/v1/customers/"


def make_key(client: APIClient, scope: str = "read_write", **extra) -> dict:
    response = client.post(KEYS, {"name": "Shop sync", "scope": scope, **extra}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["data"]


def key_client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client


@pytest.fixture
def alice(db):
    return UserFactory(email="alice@example.com")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@example.com")


@pytest.fixture
def as_alice(alice) -> APIClient:
    return client_for(alice)


@pytest.fixture
def as_bob(bob) -> APIClient:
    return client_for(bob)


@pytest.fixture
def alice_key(as_alice) -> str:
    return make_key(as_alice)["key"]
