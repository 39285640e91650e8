"""The repository contract for the trash: deleted customers listed, walked both ways, restored
with a new version.
Each test runs on the in-memory fake and on the Django repository (see conftest)."""

from datetime import UTC, datetime

import pytest

from customers.domain.errors import CustomerNotFound
from customers.tests.repositories.contract.support import fields, to, walk


def test_trash_restore_and_purge(setup):
    from customers.domain.errors import PhoneReusedOnRestore

    repo, alice, bob = setup
    first = repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550101"))
    second = repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550102"))
    repo.soft_delete(owner_id=alice, customer_id=first.id, actor_id=alice)
    repo.soft_delete(owner_id=alice, customer_id=second.id, actor_id=alice)
    trash = repo.list_deleted(owner_id=alice, offset=0, limit=10)
    assert [d.customer.id for d in trash.items] == [second.id, first.id] and trash.total == 2
    assert repo.list_deleted(owner_id=bob, offset=0, limit=10).total == 0
    with pytest.raises(CustomerNotFound):
        repo.restore(owner_id=bob, customer_id=first.id, actor_id=bob)
    repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550101"))
    with pytest.raises(PhoneReusedOnRestore):
        repo.restore(owner_id=alice, customer_id=first.id, actor_id=alice)
    assert repo.restore(owner_id=alice, customer_id=second.id, actor_id=alice).id == second.id
    with pytest.raises(CustomerNotFound):
        repo.get_deleted(owner_id=alice, customer_id=second.id)
    assert repo.purge_deleted_before(cutoff=datetime(2999, 1, 1, tzinfo=UTC)) == 1
    assert repo.list_deleted(owner_id=alice, offset=0, limit=10).total == 0


def test_a_restore_bumps_the_version_and_is_recorded_in_the_history(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    repo.soft_delete(owner_id=alice, customer_id=added.id, actor_id=alice)
    restored = repo.restore(owner_id=alice, customer_id=added.id, actor_id=alice)
    assert restored.version == added.version + 2
    page = repo.customer_history(owner_id=alice, customer_id=added.id, offset=0, limit=10)
    assert [entry.action for entry in page.items] == ["restored", "deleted", "created"]
    assert page.items[0].by == alice


def test_trash_and_history_windows_walk_both_ways(setup):
    from customers.domain.entities import SortPosition

    repo, alice, bob = setup
    added = [
        repo.add(owner_id=alice, actor_id=alice, fields=fields(phone=f"+1415555{i:04d}")) for i in range(5)
    ]
    for customer in added:
        repo.soft_delete(owner_id=alice, customer_id=customer.id, actor_id=alice)
    expected = repo.list_deleted(owner_id=alice, offset=0, limit=100).items

    def trash(*, limit, after=None, before=None):
        def at(d):
            return None if d is None else SortPosition(value=d.deleted_at, id=d.customer.id)

        return repo.list_deleted_after(owner_id=alice, limit=limit, after=at(after), before=at(before))

    forward, backward = walk(trash, 2)
    assert [d.customer.id for page in forward for d in page] == [d.customer.id for d in expected]
    assert [[d.customer.id for d in p] for p in backward] == [
        [d.customer.id for d in p] for p in forward[:-1]
    ]
    assert repo.list_deleted_after(owner_id=bob, limit=10).items == []

    one = added[0]
    repo.restore(owner_id=alice, customer_id=one.id, actor_id=alice)
    for name in ("Bea", "Cat", "Dee"):
        repo.update(
            owner_id=alice,
            customer_id=one.id,
            actor_id=alice,
            change=to(fields(phone="+14155550000", first_name=name)),
        )
    entries = repo.customer_history(owner_id=alice, customer_id=one.id, offset=0, limit=100).items

    def history(*, limit, after=None, before=None):
        def at(e):
            return None if e is None else SortPosition(value=e.id, id=e.id)

        return repo.history_after(
            owner_id=alice, customer_id=one.id, limit=limit, after=at(after), before=at(before)
        )

    forward, backward = walk(history, 2)
    assert [e for page in forward for e in page] == entries and len(entries) == 6
    assert backward == forward[:-1]
    with pytest.raises(CustomerNotFound):
        repo.history_after(owner_id=bob, customer_id=one.id, limit=2)
