"""Migration 0004 folds the names of customers that existed before it, and keeps the count triggers."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("customers", "0003_history_and_version")]
AFTER = [("customers", "0004_customer_search_name_and_trash_indexes")]


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # later migrations too, for the next tests


@pytest.mark.django_db(transaction=True)
def test_existing_customers_get_their_folded_search_name(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    user = old_apps.get_model("users", "User").objects.create(email="old@example.com", password="!")
    old_apps.get_model("customers", "Customer").objects.create(
        owner_id=user.pk,
        first_name="José",
        last_name="Ñúñez",
        phone_number="+14155550100",
        date_of_birth=date(1990, 1, 2),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    customer = new_apps.get_model("customers", "Customer").objects.get()
    assert customer.search_name == "jose nunez"
    # the active-count triggers survived the column's addition (SQLite rebuilds the table)
    counts = new_apps.get_model("customers", "ActiveCustomerCount")
    assert counts.objects.get(owner_id=user.pk).active == 1
    new_apps.get_model("customers", "Customer").objects.create(
        owner_id=user.pk, first_name="Ann", phone_number="+14155550101", date_of_birth=date(1990, 1, 2)
    )
    assert counts.objects.get(owner_id=user.pk).active == 2
