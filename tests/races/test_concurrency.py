"""Real concurrent requests against PostgreSQL and MariaDB: the database, not luck, decides."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for
from users.tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="concurrency is proven on PostgreSQL and MariaDB (the CI legs); SQLite serialises writers",
    ),
]

WORKERS = 20


def run_together(calls):
    """Start every call at the same instant, each on its own thread and database connection."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def test_twenty_simultaneous_creates_of_one_phone_give_one_201_and_409s():
    owner = UserFactory()
    body = {"first_name": "Ada", "phone_number": "+14155550100", "date_of_birth": "1990-01-01"}

    def create():
        response = client_for(owner).post("/api/v1/customers/", body, format="json")
        return response.status_code, response.json()

    results = run_together([create] * WORKERS)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [409] * (WORKERS - 1), statuses
    for status, envelope in results:
        if status == 409:
            assert envelope["errors"][0]["field"] == "phone_number"
            assert envelope["errors"][0]["code"] == "duplicate"
    assert Customer.objects.filter(owner=owner, phone_number="+14155550100").count() == 1


def test_concurrent_updates_and_deletes_leave_one_consistent_customer():
    owner = UserFactory()
    customer = CustomerFactory(owner=owner, first_name="Ada", date_of_birth=date(1990, 1, 1))
    url = f"/api/v1/customers/{customer.pk}/"

    def update(i):
        def call():
            name = f"Name{'abcdefghij'[i]}"
            response = client_for(owner).patch(url, {"first_name": name}, format="json")
            return ("patch", response.status_code, name, response.headers.get("ETag"))

        return call

    def delete():
        return ("delete", client_for(owner).delete(url).status_code, None, None)

    calls = [update(i) for i in range(10)] + [delete] * 10
    results = run_together(calls)
    assert all(status in (200, 404) for _, status, _, _ in results), results
    deletes = [status for kind, status, _, _ in results if kind == "delete"]
    assert deletes.count(200) == 1, "exactly one delete wins; the rest see the customer gone"
    # Every acknowledged PATCH wrote a version of its own (its ETag); the last of them is what
    # the customer was deleted with. An update lost or applied after the delete breaks this.
    updates = sorted(
        (int(etag.strip('"')), name)
        for kind, status, name, etag in results
        if status == 200 and kind == "patch"
    )
    assert [version for version, _ in updates] == list(range(2, 2 + len(updates))), updates
    customer.refresh_from_db()
    assert customer.deleted_at is not None
    assert customer.is_active is None
    assert customer.first_name == (updates[-1][1] if updates else "Ada")
    assert customer.version == 2 + len(updates)  # created, each acknowledged update, the delete
    assert customer.history.count() == 2 + len(updates)  # type: ignore[attr-defined]
    assert client_for(owner).get(url).status_code == 404
