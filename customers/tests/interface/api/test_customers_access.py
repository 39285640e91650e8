"""Who may reach a customer through the API: another owner's is a 404, no token is a 401."""

import pytest

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.api.helpers import LIST, payload
from customers.tests.interface.conftest import client_for

# --- ownership ----------------------------------------------------------------------------

ROUTES = [
    ("get", "{}/"),
    ("put", "{}/"),
    ("patch", "{}/"),
    ("delete", "{}/"),
    ("put", "{}/update/"),
    ("patch", "{}/update/"),
    ("delete", "{}/delete/"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_another_owners_customer_is_a_404_exactly_like_a_missing_one(as_bob, alice, method, path):
    customer = CustomerFactory(owner=alice, first_name="Ada")
    before = Customer.objects.filter(pk=customer.pk).values().get()
    theirs = getattr(as_bob, method)(
        LIST + path.format(customer.pk), payload(first_name="Eve"), format="json"
    )
    missing = getattr(as_bob, method)(
        LIST + path.format(customer.pk + 999), payload(first_name="Eve"), format="json"
    )
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert "Ada" not in theirs.content.decode()
    assert Customer.objects.filter(pk=customer.pk).values().get() == before


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"), [("get", ""), ("post", ""), ("get", "1/"), ("patch", "1/"), ("delete", "1/")]
)
def test_requests_without_a_valid_token_are_401(api_client, db, method, path):
    response = getattr(api_client, method)(LIST + path, {}, format="json")
    assert response.status_code == 401
    assert response.json()["status"] == "Failure"
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = getattr(api_client, method)(LIST + path, {}, format="json")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_not_valid"


def test_a_deactivated_user_is_refused(alice):
    client = client_for(alice)
    alice.is_active = False
    alice.save()
    assert client.get(LIST).status_code == 401


@pytest.mark.parametrize("customer_id", [2**63, 10**30])
@pytest.mark.parametrize(("method", "path"), [*ROUTES, ("get", "{}/history/"), ("post", "{}/restore/")])
def test_an_id_beyond_any_database_integer_is_a_plain_404(as_alice, alice, method, path, customer_id):
    CustomerFactory(owner=alice)
    response = getattr(as_alice, method)(LIST + path.format(customer_id), payload(), format="json")
    assert response.status_code == 404
    assert response.json()["status"] == "Failure"
