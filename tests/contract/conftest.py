"""Fixtures of the contract tests: the served schema (in-process), a user with a customer, and
the app served by real gunicorn for the generated client (one server for the whole package)."""

from collections.abc import Iterator

import pytest

from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for
from tests.contract.generated_client import REGISTER_LIMIT
from tests.support.server import RunningApp, serve
from users.tests.factories import UserFactory


@pytest.fixture
def schema(api_client, db):
    return api_client.get("/swagger.json").json()


@pytest.fixture
def as_alice_and_customer(db):
    alice = UserFactory(email="alice@example.com")
    return client_for(alice), CustomerFactory(owner=alice, last_name="")


@pytest.fixture(scope="package")
def app() -> Iterator[RunningApp]:
    # One worker, so the per-process throttle counters are one counter; registration is the
    # one tight limit, to reach a real 429.
    with serve(workers=1, extra_env={"THROTTLE_REGISTER": f"{REGISTER_LIMIT}/min"}) as running:
        yield running
