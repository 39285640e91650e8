"""The repository contract for find: matching, ordering with id tie-breaks, windows both ways,
possible duplicates.
Each test runs on the in-memory fake and on the Django repository (see conftest)."""

from datetime import date

from customers.tests.repositories.contract.support import fields, walk


def _find_reader(repo, owner, query, position):
    def at(customer):
        return (
            None if customer is None else position(value=getattr(customer, query.order_field), id=customer.id)
        )

    def read(*, limit, after=None, before=None):
        return repo.find_after(owner_id=owner, query=query, limit=limit, after=at(after), before=at(before))

    return read


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
        forward, backward = walk(_find_reader(repo, alice, query, SortPosition), 3)
        assert [c.id for page in forward for c in page] == [c.id for c in expected]
        assert [[c.id for c in page] for page in backward] == [[c.id for c in page] for page in forward[:-1]]
    searched = repo.find_after(
        owner_id=alice, query=CustomerQuery(name_terms=("lee",), ordering="last_name"), limit=10
    )
    assert len(searched.items) == 4 and not searched.has_more
