"""The repository contract for records: one customer read, the lists (by page and by position),
and the writes that add, change and delete one.
Each test runs on the in-memory fake and on the Django repository (see conftest)."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from customers.domain.errors import CustomerChanged, CustomerNotFound, DuplicatePhoneNumber
from customers.models import Customer as CustomerModel
from customers.tests.fakes import InMemoryCustomerRepository
from customers.tests.repositories.contract.support import fields, to


def _set_created_at(repo, customer_id, when):
    """Force a creation time (to build ties), whichever implementation is under test."""
    if isinstance(repo, InMemoryCustomerRepository):
        repo.book.rows[customer_id] = replace(repo.book.rows[customer_id], created_at=when)
    else:
        CustomerModel.objects.filter(pk=customer_id).update(created_at=when)


def _walk_ids(repo, owner, limit):
    ids, after = [], None
    while True:
        window = repo.list_after(owner_id=owner, limit=limit, after=after)
        ids += [c.id for c in window.items]
        if not window.has_more:
            return ids
        after = window.items[-1].position


def test_add_then_get_returns_the_same_customer(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    got = repo.get(owner_id=alice, customer_id=added.id)
    assert got == added
    assert got.fields == fields()
    assert got.created_at is not None


def test_get_is_scoped_to_the_owner(setup):
    repo, alice, bob = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    with pytest.raises(CustomerNotFound):
        repo.get(owner_id=bob, customer_id=added.id)
    with pytest.raises(CustomerNotFound):
        repo.get(owner_id=alice, customer_id=added.id + 1000)


def test_duplicate_active_phone_is_refused_even_without_the_service_check(setup):
    repo, alice, bob = setup
    repo.add(owner_id=alice, actor_id=alice, fields=fields())
    with pytest.raises(DuplicatePhoneNumber):
        repo.add(owner_id=alice, actor_id=alice, fields=fields(first_name="Eve"))
    repo.add(owner_id=bob, actor_id=bob, fields=fields())  # other owner: fine


def test_soft_delete_frees_the_number_and_hides_the_row(setup):
    repo, alice, _ = setup
    first = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    repo.soft_delete(owner_id=alice, customer_id=first.id, actor_id=alice)
    with pytest.raises(CustomerNotFound):
        repo.get(owner_id=alice, customer_id=first.id)
    with pytest.raises(CustomerNotFound):
        repo.soft_delete(owner_id=alice, customer_id=first.id, actor_id=alice)
    assert not repo.phone_in_use(owner_id=alice, phone_number="+14155550100")
    second = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    # a second delete of the same number must not collide with the first deleted row
    repo.soft_delete(owner_id=alice, customer_id=second.id, actor_id=alice)
    assert repo.list_page(owner_id=alice, offset=0, limit=10).total == 0


def test_update_replaces_fields_and_refuses_a_taken_number(setup):
    repo, alice, bob = setup
    first = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    second = repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550101"))
    updated = repo.update(
        owner_id=alice,
        customer_id=second.id,
        actor_id=alice,
        change=to(fields("+14155550102", last_name="King")),
    )
    assert updated.last_name == "King"
    assert repo.get(owner_id=alice, customer_id=second.id).phone_number == "+14155550102"
    with pytest.raises(DuplicatePhoneNumber):
        repo.update(owner_id=alice, customer_id=second.id, actor_id=alice, change=to(fields("+14155550100")))
    with pytest.raises(CustomerNotFound):
        repo.update(owner_id=bob, customer_id=first.id, actor_id=bob, change=to(fields("+14155550109")))
    assert repo.get(owner_id=alice, customer_id=first.id).phone_number == "+14155550100"


def test_phone_in_use_can_exclude_the_customer_being_edited(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    assert repo.phone_in_use(owner_id=alice, phone_number="+14155550100")
    assert not repo.phone_in_use(owner_id=alice, phone_number="+14155550100", exclude_id=added.id)


def test_list_page_is_newest_first_with_a_total(setup):
    repo, alice, bob = setup
    ids = [repo.add(owner_id=alice, actor_id=alice, fields=fields(f"+141555501{i:02d}")).id for i in range(7)]
    repo.add(owner_id=bob, actor_id=bob, fields=fields())
    page = repo.list_page(owner_id=alice, offset=2, limit=3)
    assert page.total == 7
    assert [c.id for c in page.items] == list(reversed(ids))[2:5]
    assert repo.list_page(owner_id=alice, offset=50, limit=3).items == []


def test_every_offset_page_is_the_same_slice_of_the_book_whichever_end_it_is_read_from(setup):
    """Pages in the older half are read from the oldest end and reversed: with creation-time
    ties in the book, every (offset, limit) must still be the slice of the newest-first list."""
    repo, alice, _ = setup
    ids = [repo.add(owner_id=alice, actor_id=alice, fields=fields(f"+141555501{i:02d}")).id for i in range(9)]
    tie = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    for customer_id in ids[2:6]:
        _set_created_at(repo, customer_id, tie)
    newest_first = [c.id for c in repo.list_page(owner_id=alice, offset=0, limit=100).items]
    assert sorted(newest_first) == sorted(ids)
    for offset in range(10):
        for limit in (1, 2, 3, 4, 9, 20):
            page = repo.list_page(owner_id=alice, offset=offset, limit=limit)
            assert [c.id for c in page.items] == newest_first[offset : offset + limit], (offset, limit)
            assert page.total == 9


def test_list_after_reads_newest_first_from_a_position(setup):
    repo, alice, bob = setup
    added = [repo.add(owner_id=alice, actor_id=alice, fields=fields(f"+141555501{i:02d}")) for i in range(7)]
    repo.add(owner_id=bob, actor_id=bob, fields=fields())
    repo.soft_delete(owner_id=alice, customer_id=added[4].id, actor_id=alice)
    newest = [c.id for c in reversed(added) if c.id != added[4].id]  # 6 5 3 2 1 0

    first = repo.list_after(owner_id=alice, limit=3)
    assert [c.id for c in first.items] == newest[:3]
    assert first.has_more
    # the position of a deleted customer still works as a boundary
    after_deleted = repo.list_after(owner_id=alice, limit=10, after=added[4].position)
    assert [c.id for c in after_deleted.items] == newest[2:]
    assert not after_deleted.has_more
    assert repo.list_after(owner_id=alice, limit=3, after=added[0].position).items == []
    assert repo.list_after(owner_id=bob, limit=3, after=added[0].position).items == []


def test_list_before_reads_the_newer_window_still_newest_first(setup):
    repo, alice, _ = setup
    added = [repo.add(owner_id=alice, actor_id=alice, fields=fields(f"+141555501{i:02d}")) for i in range(6)]
    window = repo.list_after(owner_id=alice, limit=2, before=added[2].position)
    assert [c.id for c in window.items] == [added[4].id, added[3].id]
    assert window.has_more  # added[5] is newer still
    top = repo.list_after(owner_id=alice, limit=2, before=added[3].position)
    assert [c.id for c in top.items] == [added[5].id, added[4].id]
    assert not top.has_more
    assert repo.list_after(owner_id=alice, limit=2, before=added[5].position).items == []


def test_keyset_walk_breaks_creation_time_ties_by_id_and_skips_nothing(setup):
    repo, alice, _ = setup
    added = [repo.add(owner_id=alice, actor_id=alice, fields=fields(f"+141555501{i:02d}")) for i in range(9)]
    same_instant = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
    for customer in added[2:7]:
        _set_created_at(repo, customer.id, same_instant)
    expected = [c.id for c in repo.list_page(owner_id=alice, offset=0, limit=100).items]
    for limit in (1, 2, 4, 100):
        assert _walk_ids(repo, alice, limit) == expected
    tied = repo.get(owner_id=alice, customer_id=added[4].id)
    window = repo.list_after(owner_id=alice, limit=10, after=tied.position)
    assert [c.id for c in window.items] == expected[expected.index(tied.id) + 1 :]
    back = repo.list_after(owner_id=alice, limit=2, before=tied.position)
    assert [c.id for c in back.items] == expected[expected.index(tied.id) - 2 : expected.index(tied.id)]


def test_every_write_bumps_the_version_and_a_stale_delete_is_refused(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    assert added.version == 1
    updated = repo.update(
        owner_id=alice, customer_id=added.id, actor_id=alice, change=to(fields(last_name="King"))
    )
    assert updated.version == 2
    with pytest.raises(CustomerChanged):
        repo.soft_delete(owner_id=alice, customer_id=added.id, actor_id=alice, expected_version=1)
    assert repo.get(owner_id=alice, customer_id=added.id).last_name == "King"
    repo.soft_delete(owner_id=alice, customer_id=added.id, actor_id=alice, expected_version=2)
    with pytest.raises(CustomerNotFound):  # gone: the change is never asked
        repo.update(owner_id=alice, customer_id=added.id, actor_id=alice, change=to(fields()))


def test_update_hands_the_change_the_current_state_and_an_error_there_writes_nothing(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    repo.update(owner_id=alice, customer_id=added.id, actor_id=alice, change=to(fields(last_name="King")))
    seen = []

    def refuse(current):
        seen.append(current)
        raise CustomerChanged()

    with pytest.raises(CustomerChanged):
        repo.update(owner_id=alice, customer_id=added.id, actor_id=alice, change=refuse)
    assert [(c.last_name, c.version) for c in seen] == [("King", 2)]
    after = repo.get(owner_id=alice, customer_id=added.id)
    assert (after.last_name, after.version) == ("King", 2)
    assert repo.customer_history(owner_id=alice, customer_id=added.id, offset=0, limit=10).total == 2


def test_an_update_that_changes_nothing_writes_nothing(setup):
    repo, alice, _ = setup
    added = repo.add(owner_id=alice, actor_id=alice, fields=fields())
    same = repo.update(owner_id=alice, customer_id=added.id, actor_id=alice, change=to(fields()))
    assert same.version == 1
    assert repo.customer_history(owner_id=alice, customer_id=added.id, offset=0, limit=10).total == 1
