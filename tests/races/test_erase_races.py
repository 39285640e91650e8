"""Erase racing restore and itself, with real parallel requests on PostgreSQL and MariaDB: the
erase locks the trashed row, so each trial ends whole one way or the other, never half-erased
(a row without its history, or history without its row)."""

from customers.models import Customer, CustomerErasure
from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for
from tests.races.test_concurrency import pytestmark as _race_marks
from tests.races.test_concurrency import run_together
from users.tests.factories import UserFactory

pytestmark = _race_marks

TRIALS = 15


def trashed_with_history(owner):
    customer = CustomerFactory(owner=owner)
    assert client_for(owner).delete(f"/api/v1/customers/{customer.pk}/").status_code == 200
    return customer


def test_erase_against_restore_ends_whole_either_way():
    owner = UserFactory()
    outcomes = {"erased": 0, "restored": 0}
    for _ in range(TRIALS):
        customer = trashed_with_history(owner)
        base = f"/api/v1/customers/{customer.pk}/"

        def erase(base=base):
            return "erase", client_for(owner).post(f"{base}erase/").status_code

        def restore(base=base):
            return "restore", client_for(owner).post(f"{base}restore/").status_code

        results = dict(run_together([erase, restore]))
        row = Customer.objects.filter(pk=customer.pk).first()
        history = Customer.history.filter(id=customer.pk).count()
        if row is None:
            assert results == {"erase": 200, "restore": 404}, results
            assert history == 0 and CustomerErasure.objects.filter(customer_id=customer.pk).count() == 1
            outcomes["erased"] += 1
        else:
            assert results == {"erase": 409, "restore": 200}, results  # restored first: now active
            assert row.deleted_at is None and history == 3  # created, deleted, restored
            assert not CustomerErasure.objects.filter(customer_id=customer.pk).exists()
            outcomes["restored"] += 1
    print("erase vs restore outcomes:", outcomes)  # shown with -s
    assert sum(outcomes.values()) == TRIALS, outcomes


def test_simultaneous_erases_of_one_customer_erase_it_once():
    owner = UserFactory()
    customer = trashed_with_history(owner)

    def erase():
        return client_for(owner).post(f"/api/v1/customers/{customer.pk}/erase/").status_code

    statuses = sorted(run_together([erase] * 8))
    assert statuses == [200] + [404] * 7, statuses
    assert CustomerErasure.objects.filter(customer_id=customer.pk).count() == 1
    assert not Customer.history.filter(id=customer.pk).exists()


def test_deleting_the_account_while_its_customers_are_edited_ends_whole():
    from users.tests.factories import PASSWORD

    for trial in range(5):
        owner = UserFactory()
        customers = [CustomerFactory(owner=owner) for _ in range(4)]
        clients = [client_for(owner) for _ in range(len(customers) + 1)]  # tokens minted beforehand

        def delete_account(client=clients[0]):
            return "delete", client.post(
                "/api/v1/user/delete/", {"password": PASSWORD}, format="json"
            ).status_code

        def edit(customer, n, client):
            def call():
                url = f"/api/v1/customers/{customer.pk}/"
                body = {"first_name": f"Ed{'abcd'[n]}"}
                return "edit", client.patch(url, body, format="json").status_code

            return call

        calls = [delete_account] + [edit(c, n, clients[n + 1]) for n, c in enumerate(customers)]
        results = run_together(calls)
        assert dict(results[:1]) == {"delete": 200}, (trial, results)
        assert all(status in (200, 401, 404) for _, status in results[1:]), (trial, results)
        assert not Customer.objects.filter(owner_id=owner.pk).exists()
        assert not Customer.history.filter(owner_id=owner.pk).exists()
