"""The repository contract for history: who changed what, newest first, page by page, the
owner's alone.
Each test runs on the in-memory fake and on the Django repository (see conftest)."""

from datetime import date

import pytest

from customers.domain.entities import FieldChange
from customers.domain.errors import CustomerNotFound
from customers.tests.repositories.contract.support import fields, to


def test_history_records_who_did_what_newest_first_and_outlives_the_delete(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    repo.update(
        owner_id=alice,
        customer_id=added.id,
        actor_id=alice,
        change=to(fields("+14155550101", last_name="King")),
    )
    repo.soft_delete(owner_id=alice, customer_id=added.id, actor_id=alice)

    page = repo.customer_history(owner_id=alice, customer_id=added.id, offset=0, limit=10)
    assert page.total == 3
    assert [entry.action for entry in page.items] == ["deleted", "updated", "created"]
    assert all(entry.by == alice for entry in page.items)
    assert page.items[0].at >= page.items[1].at >= page.items[2].at
    deleted, updated, created = page.items
    assert deleted.changes == ()
    assert set(updated.changes) == {
        FieldChange("phone_number", "+14155550100", "+14155550101"),
        FieldChange("last_name", "Lovelace", "King"),
    }
    assert FieldChange("first_name", None, "Ada") in created.changes
    assert FieldChange("date_of_birth", None, date(1990, 1, 2)) in created.changes


def test_history_pages_diff_across_the_page_boundary(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    for name in ("Bea", "Cy", "Di"):
        repo.update(owner_id=alice, customer_id=added.id, actor_id=alice, change=to(fields(first_name=name)))
    page = repo.customer_history(owner_id=alice, customer_id=added.id, offset=1, limit=2)
    assert page.total == 4
    assert [entry.changes for entry in page.items] == [
        (FieldChange("first_name", "Bea", "Cy"),),
        (FieldChange("first_name", "Ada", "Bea"),),
    ]
    assert repo.customer_history(owner_id=alice, customer_id=added.id, offset=9, limit=2).items == []


def test_history_is_the_owners_alone(setup):
    repo, alice, bob = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    with pytest.raises(CustomerNotFound):
        repo.customer_history(owner_id=bob, customer_id=added.id, offset=0, limit=10)
    with pytest.raises(CustomerNotFound):
        repo.customer_history(owner_id=alice, customer_id=added.id + 1000, offset=0, limit=10)
