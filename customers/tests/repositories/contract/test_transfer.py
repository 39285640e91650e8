"""The repository contract for import: customers added in bulk, all or nothing, each with its
history.
Each test runs on the in-memory fake and on the Django repository (see conftest)."""

import pytest

from customers.domain.errors import DuplicatePhoneNumber
from customers.tests.repositories.contract.support import fields


def test_add_many_is_all_or_nothing(setup):
    repo, alice, _ = setup
    repo.add(owner_id=alice, actor_id=alice, fields=fields("+14155550101"))
    with pytest.raises(DuplicatePhoneNumber):
        repo.add_many(owner_id=alice, actor_id=alice, fields=[fields("+14155550109"), fields("+14155550101")])
    assert repo.active_phones(owner_id=alice) == {"+14155550101"}
    assert repo.add_many(owner_id=alice, actor_id=alice, fields=[fields("+14155550109")]) == 1


def test_an_import_records_each_created_customer_in_its_history(setup):
    repo, alice, _ = setup
    assert repo.add_many(owner_id=alice, actor_id=alice, fields=[fields(), fields("+14155550101")]) == 2
    for customer in repo.list_page(owner_id=alice, offset=0, limit=10).items:
        history = repo.customer_history(owner_id=alice, customer_id=customer.id, offset=0, limit=10)
        assert [entry.action for entry in history.items] == ["created"]
        assert history.items[0].by == alice
