from datetime import date

import factory

from customers.domain.rules import search_name_of
from customers.models import Customer
from users.tests.factories import UserFactory


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    owner = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("owner")
    updated_by = factory.SelfAttribute("owner")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone_number = factory.Sequence(lambda n: f"+1415555{n % 10000:04d}")
    date_of_birth = date(1990, 5, 17)
    search_name = factory.LazyAttribute(lambda c: search_name_of(c.first_name, c.last_name))
