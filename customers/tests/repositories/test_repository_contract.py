"""One contract, two repositories: the in-memory fake and the Django ORM adapter."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from customers.domain.entities import CustomerFields, FieldChange
from customers.domain.errors import CustomerChanged, CustomerNotFound, DuplicatePhoneNumber
from customers.models import Customer as CustomerModel
from customers.repositories.repository import DjangoCustomerRepository
from customers.tests.fakes import InMemoryCustomerRepository
from users.tests.factories import UserFactory


# The Django side asks for the database through its mark: `getfixturevalue("db")` inside the
# fixture left the test database uncreated when this module ran on its own.
@pytest.fixture(params=["fake", pytest.param("django", marks=pytest.mark.django_db)])
def setup(request):
    if request.param == "fake":
        return InMemoryCustomerRepository(), 1, 2
    return DjangoCustomerRepository(), UserFactory().pk, UserFactory().pk


def fields(phone="+14155550100", **overrides):
    base = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": phone,
        "date_of_birth": date(1990, 1, 2),
    }
    return CustomerFields(**(base | overrides))


def to(new_fields):
    """A `change` for `update` that ignores the current state and asks for `new_fields`."""
    return lambda current: new_fields


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


# --- keyset (cursor) reads ------------------------------------------------------------------


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


# --- versions: the lost-update guard ---------------------------------------------------------


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


# --- history ---------------------------------------------------------------------------------


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


# --- find, trash, bulk --------------------------------------------------------------


def test_find_filters_orders_with_id_tie_break_and_counts(setup):
    from customers.domain.queries import CustomerQuery

    repo, alice, bob = setup
    a = repo.add(
        owner_id=alice, actor_id=alice, fields=fields("+14155550101", first_name="José", last_name="Same")
    )
    b = repo.add(
        owner_id=alice, actor_id=alice, fields=fields("+14155550102", first_name="Zoë", last_name="Same")
    )
    c = repo.add(
        owner_id=alice,
        actor_id=alice,
        fields=fields("+14155550103", last_name="Apple", date_of_birth=date(2000, 1, 1)),
    )
    repo.add(owner_id=bob, actor_id=bob, fields=fields("+14155550101", first_name="José"))
    by_last = CustomerQuery(ordering="last_name")
    assert [x.id for x in repo.find(owner_id=alice, query=by_last, offset=0, limit=10).items] == [
        c.id,
        a.id,
        b.id,
    ]
    desc = CustomerQuery(ordering="-last_name")
    assert [x.id for x in repo.find(owner_id=alice, query=desc, offset=0, limit=10).items] == [
        b.id,
        a.id,
        c.id,
    ]
    page = repo.find(owner_id=alice, query=CustomerQuery(name_terms=("jose",)), offset=0, limit=10)
    assert [x.id for x in page.items] == [a.id] and page.total == 1
    page = repo.find(owner_id=alice, query=CustomerQuery(phone_digits="5550102"), offset=0, limit=10)
    assert [x.id for x in page.items] == [b.id]
    born = CustomerQuery(born_from=date(1995, 1, 1), born_to=date(2000, 1, 1))
    assert [x.id for x in repo.find(owner_id=alice, query=born, offset=0, limit=10).items] == [c.id]
    assert [x.id for x in repo.iterate(owner_id=alice, query=by_last, chunk_size=1)] == [c.id, a.id, b.id]
    assert repo.find(owner_id=alice, query=by_last, offset=5, limit=10).total == 3


def test_same_person_and_active_phones(setup):
    repo, alice, _ = setup
    a = repo.add(
        owner_id=alice, actor_id=alice, fields=fields("+14155550101", first_name="Zoë", last_name="Lee")
    )
    b = repo.add(
        owner_id=alice, actor_id=alice, fields=fields("+14155550102", first_name="ZOE", last_name="LEE")
    )
    twins = repo.same_person(
        owner_id=alice, search_name="zoe lee", date_of_birth=date(1990, 1, 2), exclude_id=b.id
    )
    assert [t.id for t in twins] == [a.id]
    assert repo.active_phones(owner_id=alice) == {"+14155550101", "+14155550102"}


def test_add_many_is_all_or_nothing(setup):
    repo, alice, _ = setup
    repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550101"))
    with pytest.raises(DuplicatePhoneNumber):
        repo.add_many(owner_id=alice, actor_id=alice, fields=[fields("+14155550109"), fields("+14155550101")])
    assert repo.active_phones(owner_id=alice) == {"+14155550101"}
    assert repo.add_many(owner_id=alice, actor_id=alice, fields=[fields("+14155550109")]) == 1


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


def test_an_import_records_each_created_customer_in_its_history(setup):
    repo, alice, _ = setup
    assert repo.add_many(owner_id=alice, actor_id=alice, fields=[fields(), fields("+14155550101")]) == 2
    for customer in repo.list_page(owner_id=alice, offset=0, limit=10).items:
        history = repo.customer_history(owner_id=alice, customer_id=customer.id, offset=0, limit=10)
        assert [entry.action for entry in history.items] == ["created"]
        assert history.items[0].by == alice


# --- keyset windows of find, trash and history ------------------------------------------------


def _walk(read, limit):
    """Every item, window by window forwards, then the same windows read backwards."""
    forward, after = [], None
    while True:
        window = read(limit=limit, after=after)
        forward.append(window.items)
        if not window.has_more:
            break
        after = window.items[-1]
    backward, before = [], forward[-1][0]
    while True:
        window = read(limit=limit, before=before)
        if not window.items:
            break
        backward.insert(0, window.items)
        before = window.items[0]
        if not window.has_more:
            break
    return forward, backward


def _find_reader(repo, owner, query, position):
    def at(customer):
        return (
            None if customer is None else position(value=getattr(customer, query.order_field), id=customer.id)
        )

    def read(*, limit, after=None, before=None):
        return repo.find_after(owner_id=owner, query=query, limit=limit, after=at(after), before=at(before))

    return read


def test_find_after_walks_any_order_both_ways_with_id_tie_breaks(setup):
    from customers.domain.entities import SortPosition
    from customers.domain.queries import CustomerQuery

    repo, alice, bob = setup
    for index, last in enumerate(["lee", "lee", "adams", "lee", "zhou", "moss", "lee"]):
        repo.add(owner_id=alice, actor_id=alice, fields=fields(phone=f"+1415555{index:04d}", last_name=last))
    repo.add(owner_id=bob, actor_id=bob, fields=fields(last_name="lee"))
    for ordering in ("last_name", "-last_name", "-date_of_birth"):
        query = CustomerQuery(ordering=ordering)
        expected = repo.find(owner_id=alice, query=query, offset=0, limit=100).items
        forward, backward = _walk(_find_reader(repo, alice, query, SortPosition), 3)
        assert [c.id for page in forward for c in page] == [c.id for c in expected]
        assert [[c.id for c in page] for page in backward] == [[c.id for c in page] for page in forward[:-1]]
    searched = repo.find_after(
        owner_id=alice, query=CustomerQuery(name_terms=("lee",), ordering="last_name"), limit=10
    )
    assert len(searched.items) == 4 and not searched.has_more


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

    forward, backward = _walk(trash, 2)
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

    forward, backward = _walk(history, 2)
    assert [e for page in forward for e in page] == entries and len(entries) == 6
    assert backward == forward[:-1]
    with pytest.raises(CustomerNotFound):
        repo.history_after(owner_id=bob, customer_id=one.id, limit=2)


# --- erasure -----------------------------------------------------------------------


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
