"""Finding customers (`services.find`) against the in-memory fake."""

from datetime import date

import pytest

from common.exceptions import ValidationFailed
from customers.domain.queries import CustomerQuery
from customers.domain.services import CustomerService
from customers.tests.fakes import InMemoryCustomerRepository

TODAY = date(2026, 11, 30)
ALICE, BOB = 1, 2


@pytest.fixture
def repository():
    return InMemoryCustomerRepository()


@pytest.fixture
def service(repository):
    return CustomerService(repository=repository, today=lambda: TODAY, default_region="GB")


def create(service, owner=ALICE, **overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": "+14155550100",
        "date_of_birth": date(1990, 12, 10),
    } | overrides
    return service.create_customer(owner_id=owner, actor_id=owner, **data)


def test_build_query_splits_name_and_phone_and_checks_ordering(service):
    assert service.build_query(search="José García").name_terms == ("jose", "garcia")
    assert service.build_query(search="(415) 555").phone_digits == "415555"
    assert service.build_query(search="(415) 555").name_terms == ()
    assert service.build_query().is_plain
    assert service.build_query(ordering="-created_at").is_plain
    assert not service.build_query(ordering="last_name").is_plain
    for bad in ("password", "--last_name", "id"):
        with pytest.raises(ValidationFailed) as caught:
            service.build_query(ordering=bad)
        assert caught.value.field == "ordering"
    with pytest.raises(ValidationFailed):
        service.build_query(age_min=30, age_max=20)


def test_find_and_export_search_names_and_phones(service):
    jose = create(service, first_name="José", last_name="García", phone_number="+14155550101")
    create(service, first_name="Ann", last_name="Lee", phone_number="+14155550102")
    create(service, owner=BOB, first_name="Jose", phone_number="+14155550101")
    for search in ("jose", "GARCÍA", "415 555 0101", "jose garcia"):
        page = service.find_customers(
            owner_id=ALICE, query=service.build_query(search=search), offset=0, limit=10
        )
        assert [c.id for c in page.items] == [jose.id] and page.total == 1
    exported = list(
        service.export_customers(owner_id=ALICE, query=service.build_query(ordering="first_name"))
    )
    assert [c.first_name for c in exported] == ["Ann", "José"]


def test_possible_duplicates_compare_folded_names_and_birth_dates(service):
    first = create(service, first_name="Zoë", last_name="Lee")
    twin = create(service, first_name="ZOE", last_name="lee", phone_number="+14155550199")
    assert [w.code for w in service.possible_duplicates(owner_id=ALICE, customer=twin)] == [
        "possible_duplicate"
    ]
    other = create(
        service,
        first_name="Zoe",
        last_name="Lee",
        phone_number="+14155550198",
        date_of_birth=date(1991, 1, 1),
    )
    assert service.possible_duplicates(owner_id=ALICE, customer=other) == []
    assert str(first.id) in service.possible_duplicates(owner_id=ALICE, customer=twin)[0].message


def test_plain_query_keeps_the_fast_path(service, repository, monkeypatch):
    create(service)
    monkeypatch.setattr(repository, "find", lambda **kw: pytest.fail("plain list must not use find"))
    assert service.find_customers(owner_id=ALICE, query=CustomerQuery(), offset=0, limit=5).total == 1


# --- erasure and personal data -----------------------------------------------------
