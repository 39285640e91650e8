"""Active customers (`services.records`) against the in-memory fake: rules, ownership, soft delete."""

from datetime import date

import pytest

from customers.domain.errors import (
    CustomerChanged,
    CustomerNotFound,
    CustomerValidationError,
    DuplicatePhoneNumber,
)
from customers.domain.services import CustomerService
from customers.tests.fakes import InMemoryCustomerRepository

TODAY = date(2026, 11, 30)
ALICE, BOB = 1, 2


@pytest.fixture
def repository():
    return InMemoryCustomerRepository()


@pytest.fixture
def service(repository):
    return CustomerService(repository=repository, today=lambda: TODAY, default_region="US")


def create(service, owner=ALICE, **overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": "(415) 555-0100",
        "date_of_birth": date(1990, 12, 10),
    } | overrides
    return service.create_customer(owner_id=owner, actor_id=owner, **data)


def test_create_normalises_and_stores(service, repository):
    customer = create(service, first_name="  Ada ")
    assert customer.first_name == "Ada"
    assert customer.phone_number == "+14155550100"
    assert repository.get(owner_id=ALICE, customer_id=customer.id) == customer


def test_create_reports_every_broken_field_at_once_and_stores_nothing(service, repository):
    with pytest.raises(CustomerValidationError) as caught:
        create(service, first_name="R2D2", phone_number="123", date_of_birth=date(2020, 1, 1))
    assert {d.field for d in caught.value.details} == {"first_name", "phone_number", "date_of_birth"}
    assert repository.list_page(owner_id=ALICE, offset=0, limit=10).total == 0


def test_phone_is_unique_per_owner_among_active_customers(service):
    create(service, phone_number="+14155550100")
    with pytest.raises(DuplicatePhoneNumber):
        create(service, phone_number="415-555-0100")
    # another owner may use the same number
    assert create(service, owner=BOB, phone_number="+14155550100").owner_id == BOB


def test_soft_delete_frees_the_number_and_hides_the_customer(service):
    customer = create(service)
    service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    with pytest.raises(CustomerNotFound):
        service.get_customer(owner_id=ALICE, customer_id=customer.id)
    with pytest.raises(CustomerNotFound):
        service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    assert create(service).id != customer.id


def test_another_owners_customer_is_not_found(service):
    customer = create(service)
    with pytest.raises(CustomerNotFound):
        service.get_customer(owner_id=BOB, customer_id=customer.id)
    with pytest.raises(CustomerNotFound):
        service.update_customer(
            owner_id=BOB, customer_id=customer.id, actor_id=BOB, changes={"first_name": "Eve"}
        )
    with pytest.raises(CustomerNotFound):
        service.delete_customer(owner_id=BOB, customer_id=customer.id, actor_id=BOB)
    assert service.get_customer(owner_id=ALICE, customer_id=customer.id).first_name == "Ada"


def test_partial_update_keeps_other_fields(service):
    customer = create(service)
    updated = service.update_customer(
        owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, changes={"last_name": "King"}
    )
    assert (updated.first_name, updated.last_name, updated.phone_number) == ("Ada", "King", "+14155550100")


def test_update_to_a_taken_number_is_a_conflict_but_keeping_ones_own_is_fine(service):
    first = create(service, phone_number="+14155550100")
    second = create(service, phone_number="+14155550101")
    with pytest.raises(DuplicatePhoneNumber):
        service.update_customer(
            owner_id=ALICE, customer_id=second.id, actor_id=ALICE, changes={"phone_number": "+14155550100"}
        )
    same = service.update_customer(
        owner_id=ALICE, customer_id=first.id, actor_id=ALICE, changes={"phone_number": "415 555 0100"}
    )
    assert same.phone_number == "+14155550100"


def test_update_validates_a_new_date_of_birth_but_not_an_unchanged_one():
    repository = InMemoryCustomerRepository()
    then = CustomerService(repository=repository, today=lambda: date(2020, 1, 1), default_region="US")
    old = create(then, date_of_birth=date(1920, 6, 1))  # 99 then, 106 by TODAY
    now = CustomerService(repository=repository, today=lambda: TODAY, default_region="US")
    renamed = now.update_customer(
        owner_id=ALICE, customer_id=old.id, actor_id=ALICE, changes={"first_name": "Ida"}
    )
    assert renamed.first_name == "Ida"
    with pytest.raises(CustomerValidationError) as caught:
        now.update_customer(
            owner_id=ALICE, customer_id=old.id, actor_id=ALICE, changes={"date_of_birth": date(2014, 1, 1)}
        )
    assert caught.value.details[0].code == "too_young"


def test_unknown_fields_cannot_be_changed(service):
    customer = create(service)
    with pytest.raises(CustomerValidationError) as caught:
        service.update_customer(
            owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, changes={"owner_id": BOB}
        )
    assert caught.value.details[0].field == "owner_id"
    assert service.get_customer(owner_id=ALICE, customer_id=customer.id).owner_id == ALICE


def test_list_is_newest_first_and_counts_only_active(service):
    created = [create(service, phone_number=f"+1415555010{i}") for i in range(5)]
    service.delete_customer(owner_id=ALICE, customer_id=created[0].id, actor_id=ALICE)
    page = service.list_customers(owner_id=ALICE, offset=1, limit=2)
    assert page.total == 4
    assert [c.id for c in page.items] == [created[3].id, created[2].id]


# --- keyset walk ----------------------------------------------------------------------------


def walk(service, limit, **position):
    return service.list_customers_after(owner_id=ALICE, limit=limit, **position)


def test_cursor_walk_visits_every_active_customer_once_newest_first(service):
    created = [create(service, phone_number=f"+1415555010{i}") for i in range(7)]
    create(service, owner=BOB)
    service.delete_customer(owner_id=ALICE, customer_id=created[3].id, actor_id=ALICE)
    first = walk(service, 2)
    assert [c.id for c in first.items] == [created[6].id, created[5].id]
    assert first.previous_before is None
    assert first.next_after == created[5].position
    seen, page = [], first
    while True:
        seen += [c.id for c in page.items]
        if page.next_after is None:
            break
        page = walk(service, 2, after=page.next_after)
    assert seen == [c.id for c in reversed(created) if c.id != created[3].id]
    assert page.previous_before == page.items[0].position  # the last window can go back


def test_cursor_walk_backwards_returns_the_newer_window_newest_first(service):
    created = [create(service, phone_number=f"+1415555010{i}") for i in range(6)]
    third = walk(service, 2, after=created[2].position)  # created[1], created[0]
    assert [c.id for c in third.items] == [created[1].id, created[0].id]
    assert third.next_after is None
    back = walk(service, 2, before=third.previous_before)
    assert [c.id for c in back.items] == [created[3].id, created[2].id]
    assert back.next_after == created[2].position
    assert back.previous_before == created[3].position  # created[4] and [5] are newer
    top = walk(service, 2, before=back.previous_before)
    assert [c.id for c in top.items] == [created[5].id, created[4].id]
    assert top.previous_before is None


def test_an_empty_book_or_a_walk_past_the_end_has_no_links(service):
    assert walk(service, 5) == walk(service, 5).__class__(items=[])
    only = create(service)
    past = walk(service, 5, after=only.position)
    assert past.items == [] and past.next_after is None and past.previous_before is None


def test_after_and_before_together_are_a_programming_error(service):
    only = create(service)
    with pytest.raises(ValueError, match="at most one"):
        walk(service, 5, after=only.position, before=only.position)


def test_create_leaves_uniqueness_to_the_repository_and_asks_no_extra_question(service, repository):
    create(service)
    asked = []
    repository.phone_in_use = lambda **kwargs: asked.append(kwargs) or False
    with pytest.raises(DuplicatePhoneNumber):
        create(service, first_name="Eve")
    assert asked == []


# --- versions and history ----------------------------------------------------------------------


def test_update_with_a_stale_version_is_refused_before_anything_is_written(service, repository):
    customer = create(service)
    service.update_customer(
        owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, changes={"first_name": "Bea"}
    )
    with pytest.raises(CustomerChanged):
        service.update_customer(
            owner_id=ALICE,
            customer_id=customer.id,
            actor_id=ALICE,
            changes={"first_name": "Cy"},
            expected_version=customer.version,
        )
    current = repository.get(owner_id=ALICE, customer_id=customer.id)
    assert (current.first_name, current.version) == ("Bea", 2)


def test_an_update_that_changes_nothing_keeps_the_version_and_the_history(service):
    customer = create(service)
    same = service.update_customer(
        owner_id=ALICE,
        customer_id=customer.id,
        actor_id=ALICE,
        changes={"first_name": "Ada"},
        expected_version=1,
    )
    assert same.version == 1
    assert service.customer_history(owner_id=ALICE, customer_id=customer.id, offset=0, limit=10).total == 1


def test_delete_with_a_stale_version_is_refused(service, repository):
    customer = create(service)
    service.update_customer(
        owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, changes={"first_name": "Bea"}
    )
    with pytest.raises(CustomerChanged):
        service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, expected_version=1)
    service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, expected_version=2)
    with pytest.raises(CustomerNotFound):
        repository.get(owner_id=ALICE, customer_id=customer.id)


def test_an_update_naming_no_field_is_refused_and_writes_nothing(service):
    from customers.domain.errors import NothingToUpdate

    customer = create(service)
    with pytest.raises(NothingToUpdate) as refused:
        service.update_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE, changes={})
    assert refused.value.details[0].code == "no_fields"
    assert "first_name, last_name, phone_number, date_of_birth" in refused.value.message
    assert service.get_customer(owner_id=ALICE, customer_id=customer.id).version == 1
