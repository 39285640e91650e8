"""Every string field has a maximum length: a huge value is a field-level 400, never a 500."""

import pytest

from customers.models import Customer
from customers.tests.interface.conftest import client_for
from users.models import User
from users.tests.factories import UserFactory

HUGE = "a" * 10_000

CASES = [
    (
        "/api/v1/customers/",
        {"first_name": "Ada", "phone_number": "+14155550100", "date_of_birth": "1990-01-01"},
    ),
    ("/api/v1/user/register/", {"email": "n@example.com", "password": "Tr1cky-Pass!", "first_name": "N"}),
    ("/api/v1/user/token/", {"email": "n@example.com", "password": "x"}),
    ("/api/v1/user/token/refresh/", {"refresh": "x"}),
]


@pytest.mark.parametrize(
    ("path", "field", "body"),
    [(path, field, body) for path, body in CASES for field in body]
    + [("/api/v1/customers/", "last_name", CASES[0][1])],
)
def test_an_oversized_string_is_a_400_naming_the_field(db, path, field, body):
    client = client_for(UserFactory())
    response = client.post(path, {**body, field: HUGE}, format="json")
    assert response.status_code == 400, response.json()
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not Customer.objects.exists()
    assert not User.objects.filter(email="n@example.com").exists()
