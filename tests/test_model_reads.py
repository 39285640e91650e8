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
