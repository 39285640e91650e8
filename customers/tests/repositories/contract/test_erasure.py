"""The repository contract for erasure: a trashed customer, a whole book or expired trash
removed for good, history included.
Each test runs on the in-memory fake and on the Django repository (see conftest)."""

from datetime import UTC, datetime

import pytest

from customers.domain.errors import CustomerNotFound
from customers.tests.repositories.contract.support import fields, to


def _history_or_none(repo, owner, customer_id):
    try:
        return repo.customer_history(owner_id=owner, customer_id=customer_id, offset=0, limit=10)
    except CustomerNotFound:
        return None


def test_purge_erases_the_history_too(setup):
    repo, alice, _ = setup
    gone = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    repo.update(
        owner_id=alice,
        customer_id=gone.id,
        actor_id=alice,
        change=to(fields("+14155550177", first_name="Eve")),
    )
    repo.soft_delete(owner_id=alice, customer_id=gone.id, actor_id=alice)
    assert repo.purge_deleted_before(cutoff=datetime(2999, 1, 1, tzinfo=UTC)) == 1
    assert _history_or_none(repo, alice, gone.id) is None  # as if the id never existed


def test_erase_deleted_removes_only_a_trashed_customer_of_that_owner(setup):
    repo, alice, bob = setup
    kept = repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550101"))
    trashed = repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550102"))
    repo.soft_delete(owner_id=alice, customer_id=trashed.id, actor_id=alice)
    erase = repo.erase_deleted
    assert not erase(owner_id=alice, customer_id=kept.id, actor_id=alice, reason="owner")  # active
    assert not erase(owner_id=bob, customer_id=trashed.id, actor_id=bob, reason="owner")  # not bob's
    assert repo.get_deleted(owner_id=alice, customer_id=trashed.id).customer.id == trashed.id
    assert erase(owner_id=alice, customer_id=trashed.id, actor_id=alice, reason="owner")
    assert not erase(owner_id=alice, customer_id=trashed.id, actor_id=alice, reason="owner")  # gone
    with pytest.raises(CustomerNotFound):
        repo.get_deleted(owner_id=alice, customer_id=trashed.id)
    assert _history_or_none(repo, alice, trashed.id) is None
    assert repo.get(owner_id=alice, customer_id=kept.id) == kept
    assert len(_history_or_none(repo, alice, kept.id).items) == 1


def test_erase_book_removes_every_customer_of_the_owner_and_nobody_elses(setup):
    repo, alice, bob = setup
    active = repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550101"))
    trashed = repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550102"))
    repo.soft_delete(owner_id=alice, customer_id=trashed.id, actor_id=alice)
    bobs = repo.add(owner_id=bob, actor_id=bob, fields=fields("+14155550101"))
    assert repo.erase_book(owner_id=alice, actor_id=alice, reason="account_deleted") == 2
    for customer_id in (active.id, trashed.id):
        assert _history_or_none(repo, alice, customer_id) is None
    assert repo.list_page(owner_id=alice, offset=0, limit=10).total == 0
    assert repo.get(owner_id=bob, customer_id=bobs.id) == bobs
