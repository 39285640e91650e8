"""`manage.py seed_customers`: fast demo data that the domain rules accept."""

import io
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta

import phonenumbers
import pytest
from django.core.management import CommandError, call_command

from customers.domain import rules
from customers.domain.entities import age_on
from customers.domain.service_factory import customer_service
from customers.management.demo_data import FIRST_NAMES, LAST_NAMES, DemoCustomerGenerator
from customers.models import Customer
from customers.repositories.repository import DjangoCustomerRepository
from users.models import User

GOOD_PASSWORD = "Seed-demo-password-42"


def seed(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed_customers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_seeding_creates_the_owner_and_customers_the_rules_accept():
    out, err = seed(
        "--owner", "Demo@Example.com", "--count", "250", "--password", GOOD_PASSWORD, "--seed", "7"
    )
    owner = User.objects.get(email="demo@example.com")
    assert owner.check_password(GOOD_PASSWORD)
    assert "Added 250 customers" in out
    assert "100%" in err and "250/250" in err  # the progress bar, on stderr

    service = customer_service()
    customers = DjangoCustomerRepository().list_page(owner_id=owner.pk, offset=0, limit=1000).items
    assert len(customers) == 250
    for customer in customers:
        # every field rule, as a new customer would face them (no query)
        checked = service.check_fields(
            first_name=customer.first_name,
            last_name=customer.last_name,
            phone_number=customer.phone_number,
            date_of_birth=customer.date_of_birth,
        )
        assert checked == customer.fields  # already normalised: names NFC-trimmed, phone E.164
    # and the whole rule set, uniqueness query included, as an edit of each would and as a
    # new customer in another book would
    other = User.objects.create_user(email="other@example.com", password=GOOD_PASSWORD)
    for customer in customers[:25]:
        assert service.validate(owner_id=owner.pk, existing=customer, **asdict(customer.fields))
        assert service.validate(owner_id=other.pk, **asdict(customer.fields)) == customer.fields
    assert len({c.phone_number for c in customers}) == 250
    assert len({c.first_name for c in customers}) > 20
    created = sorted(c.created_at for c in customers)
    assert created[-1] - created[0] > timedelta(days=300)
    ordered = Customer.objects.filter(owner=owner).order_by("id").values_list("created_at", flat=True)
    assert list(ordered) == sorted(ordered)  # ids and creation times rise together


@pytest.mark.django_db
def test_seeding_an_existing_owner_again_adds_more_without_phone_collisions():
    seed("--owner", "demo@example.com", "--count", "50", "--password", GOOD_PASSWORD, "--seed", "1")
    out, _ = seed("--owner", "demo@example.com", "--count", "50", "--seed", "1", "--no-progress")
    assert "Created the owner" not in out
    owner = User.objects.get(email="demo@example.com")
    phones = list(Customer.objects.filter(owner=owner).values_list("phone_number", flat=True))
    assert len(phones) == len(set(phones)) == 100


@pytest.mark.django_db
def test_a_new_owner_needs_a_password_that_passes_the_password_rules(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--password"):
        seed("--owner", "new@example.com", "--count", "1")
    with pytest.raises(CommandError, match="password"):
        seed("--owner", "new@example.com", "--count", "1", "--password", "123")
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_a_new_owner_password_is_asked_for_on_a_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": GOOD_PASSWORD)
    seed("--owner", "asked@example.com", "--count", "2", "--no-progress")
    assert User.objects.get(email="asked@example.com").check_password(GOOD_PASSWORD)


@pytest.mark.django_db
def test_nonsense_counts_are_refused():
    with pytest.raises(CommandError):
        seed("--owner", "x@example.com", "--count", "-1", "--password", GOOD_PASSWORD)


@pytest.mark.parametrize("name", FIRST_NAMES + tuple(n for n in LAST_NAMES if n))
def test_every_built_in_name_passes_the_name_rule(name):
    value, problem = rules.normalize_name(name, field="first_name", required=True)
    assert problem is None and value == name


@pytest.mark.parametrize("today", [date(2028, 2, 29), date(2026, 3, 1), date(2026, 12, 31)])
def test_generated_values_are_valid_on_awkward_days(today):
    generator = DemoCustomerGenerator(today=today, seed=3)
    births = [generator.date_of_birth() for _ in range(3000)]
    assert all(rules.check_date_of_birth(born, today=today) is None for born in births)
    ages = {age_on(born, today) for born in births}
    assert min(ages) == 13 and max(ages) == 100
    phones = [generator.phone() for _ in range(500)]
    assert len(set(phones)) == 500
    for phone in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone))
        assert rules.normalize_phone(phone, default_region="US") == (phone, None)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = list(generator.customers(10, start=start, end=start + timedelta(days=10)))
    assert [c.created_at for c in made] == sorted(c.created_at for c in made)
