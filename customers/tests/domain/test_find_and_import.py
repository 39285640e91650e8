"""Search rules, the age range, trash and import in the service, against the in-memory fake."""

from datetime import date, datetime, timedelta

import pytest

from common.exceptions import ValidationFailed
from customers.domain import rules
from customers.domain.entities import age_on
from customers.domain.errors import CustomerNotFound, ImportRowsInvalid, PhoneReusedOnRestore
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


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("José", "jose"),
        ("ZOË", "zoe"),
        ("Ångström", "angstrom"),
        ("  Anne  Marie ", "anne marie"),
        ("Straße", "strasse"),
        ("李雷", "李雷"),
    ],
)
def test_fold_name_drops_accents_case_and_extra_spaces(raw, folded):
    assert rules.fold_name(raw) == folded


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("+1 (415) 555-0100", "14155550100"),
        ("020 7946 0958", "2079460958"),
        ("0044 20 7946 0958", "442079460958"),
    ],
)
def test_phone_search_digits(typed, digits):
    assert rules.phone_search_digits(typed) == digits


@pytest.mark.parametrize(
    "today", [date(2026, 11, 30), date(2028, 2, 29), date(2027, 2, 28), date(2027, 3, 1), date(2026, 1, 1)]
)
def test_age_range_matches_the_age_rule_to_the_day(today):
    for age_min, age_max in [(13, 13), (18, 30), (0, 100), (40, None), (None, 20)]:
        born_from, born_to = rules.birth_date_range_for_ages(age_min, age_max, today=today)
        day = today - timedelta(days=366 * 110)
        while day <= today:
            inside = (born_from is None or day >= born_from) and (born_to is None or day <= born_to)
            age = age_on(day, today)
            expected = (age_min is None or age >= age_min) and (age_max is None or age <= age_max)
            assert inside == expected, (today, age_min, age_max, day)
            day += timedelta(days=1)


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


def test_restore_and_its_conflict(service):
    customer = create(service)
    service.delete_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    assert [
        d.customer.id for d in service.list_deleted_customers(owner_id=ALICE, offset=0, limit=10).items
    ] == [customer.id]
    with pytest.raises(CustomerNotFound):
        service.restore_customer(owner_id=BOB, customer_id=customer.id, actor_id=BOB)
    reuse = create(service, first_name="Eve")
    with pytest.raises(PhoneReusedOnRestore):
        service.restore_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)
    service.delete_customer(owner_id=ALICE, customer_id=reuse.id, actor_id=ALICE)
    assert service.restore_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE).id == customer.id
    with pytest.raises(CustomerNotFound):
        service.restore_customer(owner_id=ALICE, customer_id=customer.id, actor_id=ALICE)


def test_purge_removes_only_old_deletions(service, repository):
    old = create(service)
    service.delete_customer(owner_id=ALICE, customer_id=old.id, actor_id=ALICE)
    cutoff = datetime.max.replace(tzinfo=old.created_at.tzinfo)
    assert service.purge_deleted(older_than=old.created_at) == 0
    assert service.purge_deleted(older_than=cutoff) == 1
    assert service.list_deleted_customers(owner_id=ALICE, offset=0, limit=10).total == 0


ROWS = [
    (
        2,
        {
            "first_name": "José",
            "last_name": "",
            "phone_number": "020 7946 0958",
            "date_of_birth": "1990-01-02",
        },
    ),
    (3, {"first_name": "Ann", "phone_number": "+14155550103", "date_of_birth": "02/01/1990"}),
    (4, {"first_name": "B4d", "phone_number": "+14155550104", "date_of_birth": "1990-01-02"}),
    (5, {"first_name": "Dup", "phone_number": "+442079460958", "date_of_birth": "1990-01-02"}),
    (6, {"first_name": "Kid", "phone_number": "+14155550106", "date_of_birth": "2020-01-02"}),
    (7, {"first_name": "Taken", "phone_number": "+14155550100", "date_of_birth": "1990-01-02"}),
]


def test_import_reports_every_problem_with_row_and_column(service):
    create(service)  # holds +14155550100
    report = service.import_customers(owner_id=ALICE, actor_id=ALICE, rows=ROWS, dry_run=True)
    assert [(row, f.phone_number) for row, f in report.to_create] == [(2, "+442079460958")]
    assert [(p.row, p.field, p.code) for p in report.problems] == [
        (3, "date_of_birth", "invalid_date"),
        (4, "first_name", "invalid_name"),
        (5, "phone_number", "duplicate_in_file"),
        (6, "date_of_birth", "too_young"),
        (7, "phone_number", "duplicate"),
    ]
    assert not report.imported


def test_import_is_all_or_nothing_unless_skip_invalid(service, repository):
    with pytest.raises(ImportRowsInvalid):
        service.import_customers(owner_id=ALICE, actor_id=ALICE, rows=ROWS)
    assert repository.active_phones(owner_id=ALICE) == set()
    report = service.import_customers(owner_id=ALICE, actor_id=ALICE, rows=ROWS, skip_invalid=True)
    assert report.imported and len(report.to_create) == 2
    assert repository.active_phones(owner_id=ALICE) == {"+442079460958", "+14155550100"}


def test_plain_query_keeps_the_fast_path(service, repository, monkeypatch):
    create(service)
    monkeypatch.setattr(repository, "find", lambda **kw: pytest.fail("plain list must not use find"))
    assert service.find_customers(owner_id=ALICE, query=CustomerQuery(), offset=0, limit=5).total == 1


# --- erasure and personal data -----------------------------------------------------


def test_erase_customer_needs_the_trash_and_the_owner():
    from customers.domain.errors import CustomerNotInTrash

    repo = InMemoryCustomerRepository()
    service = CustomerService(repository=repo, today=lambda: date(2024, 6, 1), default_region="US")
    customer = service.create_customer(
        owner_id=1, actor_id=1, first_name="Ada", phone_number="+14155550100", date_of_birth=date(1990, 1, 2)
    )
    with pytest.raises(CustomerNotInTrash):
        service.erase_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    service.delete_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    with pytest.raises(CustomerNotFound):
        service.erase_customer(owner_id=2, customer_id=customer.id, actor_id=2)
    service.erase_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    assert repo.erasures == [(customer.id, 1, "owner")]
    with pytest.raises(CustomerNotFound):
        service.customer_history(owner_id=1, customer_id=customer.id, offset=0, limit=10)
    with pytest.raises(CustomerNotFound):
        service.erase_customer(owner_id=1, customer_id=customer.id, actor_id=1)


def test_personal_data_holds_the_record_and_every_history_entry_active_or_trashed():

    repo = InMemoryCustomerRepository()
    service = CustomerService(repository=repo, today=lambda: date(2024, 6, 1), default_region="US")
    customer = service.create_customer(
        owner_id=1, actor_id=1, first_name="Ada", phone_number="+14155550100", date_of_birth=date(1990, 1, 2)
    )
    for number in range(501, 1103):  # more history than one page of the repository read
        service.update_customer(
            owner_id=1, customer_id=customer.id, actor_id=1, changes={"phone_number": f"+1415555{number:04d}"}
        )
    data = service.personal_data(owner_id=1, customer_id=customer.id)
    assert data.deleted_at is None and data.customer.phone_number == "+14155551102"
    assert len(data.history) == 603
    assert data.history[-1].action == "created"
    service.delete_customer(owner_id=1, customer_id=customer.id, actor_id=1)
    trashed = service.personal_data(owner_id=1, customer_id=customer.id)
    assert trashed.deleted_at is not None and len(trashed.history) == 604
    with pytest.raises(CustomerNotFound):
        service.personal_data(owner_id=2, customer_id=customer.id)
