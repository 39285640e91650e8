"""Idempotency-Key and If-Match under real concurrency (PostgreSQL and MariaDB)."""

from datetime import date

import pytest
from django.db import connection

from common.models import IdempotencyKey
from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for
from tests.races.test_concurrency import WORKERS, run_together
from users.tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="concurrency is proven on PostgreSQL and MariaDB (the CI legs); SQLite serialises writers",
    ),
]


def test_simultaneous_creates_with_one_idempotency_key_make_one_customer_and_replay_it():
    owner = UserFactory()
    body = {"first_name": "Ada", "phone_number": "+14155550100", "date_of_birth": "1990-01-01"}

    def create():
        response = client_for(owner).post(
            "/api/v1/customers/", body, format="json", HTTP_IDEMPOTENCY_KEY="one-key"
        )
        return response.status_code, response.headers.get("Idempotent-Replayed"), response.json()

    results = run_together([create] * WORKERS)
    assert [status for status, _, _ in results] == [201] * WORKERS, results
    replayed = [flag for _, flag, _ in results]
    assert replayed.count(None) == 1, "exactly one request ran; the rest waited and replayed it"
    assert len({envelope["data"]["id"] for _, _, envelope in results}) == 1
    assert Customer.objects.filter(owner=owner).count() == 1
    assert IdempotencyKey.objects.filter(user=owner).count() == 1


def test_concurrent_patches_with_one_if_match_give_one_200_and_412s():
    owner = UserFactory()
    customer = CustomerFactory(owner=owner, first_name="Ada", date_of_birth=date(1990, 1, 1))
    url = f"/api/v1/customers/{customer.pk}/"

    def update(i):
        return lambda: (
            client_for(owner)
            .patch(
                url, {"first_name": f"Name{'abcdefghijklmnopqrst'[i]}"}, format="json", HTTP_IF_MATCH='"1"'
            )
            .status_code
        )

    statuses = sorted(run_together([update(i) for i in range(WORKERS)]))
    assert statuses == [200] + [412] * (WORKERS - 1), statuses
    customer.refresh_from_db()
    assert customer.version == 2
    assert customer.first_name.startswith("Name")
    assert customer.history.count() == 2  # type: ignore[attr-defined]  # created + the one update
