"""When the active counts or their triggers are wrong, the operator hears of it and can repair
it: `manage.py customer_counts` reports and repairs drift, the readiness probe reports a missing
trigger. Real triggers on the run's database; DDL commits on MariaDB, hence whole transactions."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from customers.models import ActiveCustomerCount
from customers.repositories import count_triggers
from customers.tests.factories import CustomerFactory
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

READINESS = "/api/v1/health-check/ready/"


@pytest.fixture
def triggers_restored():
    yield
    count_triggers.install(connection)


def _drop(name):
    on_table = " ON customers" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")


def test_the_command_reports_drift_fails_and_repairs_it_with_repair(capsys):
    alice, bob = UserFactory(), UserFactory()
    CustomerFactory.create_batch(3, owner=alice)
    CustomerFactory(owner=bob)
    call_command("customer_counts")
    assert "Every count is right" in capsys.readouterr().out

    ActiveCustomerCount.objects.filter(owner=alice).update(active=8)
    ActiveCustomerCount.objects.filter(owner=bob).delete()
    with pytest.raises(CommandError, match="2 owner"):
        call_command("customer_counts")
    out = capsys.readouterr().out
    assert f"Owner {alice.pk}: stored 8, actual 3 (+5)" in out
    assert f"Owner {bob.pk}: stored 0, actual 1 (-1)" in out
    assert ActiveCustomerCount.objects.get(owner=alice).active == 8  # reporting changes nothing

    call_command("customer_counts", "--repair")
    assert "Repaired: 2 count(s) recounted" in capsys.readouterr().out
    assert ActiveCustomerCount.objects.get(owner=alice).active == 3
    assert ActiveCustomerCount.objects.get(owner=bob).active == 1
    assert count_triggers.drift(connection) == []


def test_a_missing_trigger_is_reported_by_the_command_and_the_readiness_probe(
    api_client, triggers_restored, capsys
):
    alice = UserFactory()
    CustomerFactory(owner=alice)
    _drop("customers_count_insert")
    CustomerFactory(owner=alice)  # not counted: the trigger is gone

    response = api_client.get(READINESS)
    assert response.status_code == 503
    assert response.json()["errors"] == [
        {
            "field": "database",
            "code": "incomplete",
            "message": "Active-customer count triggers missing: customers_count_insert. "
            "Run `manage.py customer_counts --repair`.",
        }
    ]
    with pytest.raises(CommandError, match="1 trigger"):
        call_command("customer_counts")
    assert "Missing trigger: customers_count_insert" in capsys.readouterr().out

    call_command("customer_counts", "--repair")
    assert count_triggers.missing_triggers(connection) == []
    assert ActiveCustomerCount.objects.get(owner=alice).active == 2
    assert api_client.get(READINESS).status_code == 200
    CustomerFactory(owner=alice)
    assert ActiveCustomerCount.objects.get(owner=alice).active == 3


def test_migrate_puts_back_a_missing_trigger_and_recounts_but_leaves_a_complete_set_alone(triggers_restored):
    alice = UserFactory()
    CustomerFactory(owner=alice)
    ActiveCustomerCount.objects.filter(owner=alice).update(active=7)  # drift migrate must not touch...
    call_command("migrate", verbosity=0)
    assert ActiveCustomerCount.objects.get(owner=alice).active == 7  # ...when every trigger is there
    _drop("customers_count_update")
    call_command("migrate", verbosity=0)
    assert count_triggers.missing_triggers(connection) == []
    assert ActiveCustomerCount.objects.get(owner=alice).active == 1
