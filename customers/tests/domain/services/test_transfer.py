"""CSV import (`services.transfer`) against the in-memory fake."""

from datetime import date

import pytest

from customers.domain.errors import ImportRowsInvalid
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
