"""instance_by_pk: the same instance the ORM's get() returns, on every backend."""

from datetime import date

import pytest
from django.utils import timezone

from common.model_reads import instance_by_pk
from customers.models import Customer
from users.models import User
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_a_user_read_by_pk_equals_the_orm_read():
    user = UserFactory(email="ada@example.com", first_name="Ada", last_name="Lovelace")
    user.last_login = timezone.now()
    user.save()

    read = instance_by_pk(User, user.pk)

    assert read is not None
    assert _fields(read) == _fields(User.objects.get(pk=user.pk))
    assert read._state.adding is False and read._state.db == "default"
    assert read.check_password is not None and read.is_authenticated


def test_converted_values_come_back_as_python_types():
    owner = UserFactory()
    customer = Customer.objects.create(
        owner=owner, first_name="Émile", phone_number="+447410000001", date_of_birth=date(1980, 2, 29)
    )

    read = instance_by_pk(Customer, str(customer.pk))

    assert read is not None
    assert _fields(read) == _fields(Customer.objects.get(pk=customer.pk))
    assert read.date_of_birth == date(1980, 2, 29)
    assert read.created_at.tzinfo is not None


@pytest.mark.parametrize("pk", [10**9, 2**63, -(2**63) - 1, 10**30, "abc", None, "", 1.5j])
def test_a_missing_or_malformed_key_is_none(pk):
    UserFactory()
    assert instance_by_pk(User, pk) is None


def test_it_is_one_query(django_assert_num_queries):
    user = UserFactory()
    instance_by_pk(User, user.pk)  # the SQL is built on first use
    with django_assert_num_queries(1):
        assert instance_by_pk(User, user.pk) == user


def _typed(row):
    return {name: (type(value), value) for name, value in row.items()}


def test_the_list_reads_equal_the_orm_reads_value_for_value_and_type_for_type():
    from customers.repositories import hot_reads

    owner = UserFactory()
    for number in range(3):
        Customer.objects.create(
            owner=owner,
            first_name=f"Ada{number}",
            last_name="Lovelace",
            phone_number=f"+44741000010{number}",
            date_of_birth=date(1980, 2, 29),
        )
    orm = Customer.objects.filter(owner=owner, is_active=True).order_by("-created_at", "-id")
    expected = [_typed(row) for row in orm.values(*hot_reads.COLUMNS)]

    assert [_typed(row) for row in hot_reads.page_rows(owner.pk, 0, 10)] == expected
    assert [_typed(row) for row in hot_reads.keyset_rows(owner.pk, 10, None, hot_reads.OLDER)] == expected
    one = hot_reads.one_row(owner.pk, expected[1]["id"][1])
    assert one is not None and _typed(one) == expected[1]
    assert hot_reads.active_count(owner.pk) == 3


def test_a_user_read_carries_the_orm_types():
    user = UserFactory(phone_number="+14155550123")
    read = instance_by_pk(User, user.pk)
    orm = User.objects.get(pk=user.pk)
    assert read is not None
    assert {k: type(v) for k, v in _fields(read).items()} == {k: type(v) for k, v in _fields(orm).items()}


def test_a_field_type_with_no_known_conversion_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connection, models

    from common.model_reads import _converter

    with pytest.raises(ImproperlyConfigured, match="DecimalField"):
        _converter(models.DecimalField(max_digits=5, decimal_places=2), connection)
