"""The fast customer representation and the documented output serializer never differ."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from customers.domain.entities import Customer
from customers.interface.serializers import CustomerOutputSerializer, customer_representation

TODAY = date(2026, 11, 30)


def customer(**overrides):
    base = {
        "id": 7,
        "owner_id": 1,
        "first_name": "Zoë",
        "last_name": "",
        "phone_number": "+14155550100",
        "date_of_birth": date(2013, 11, 30),
        "created_at": datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
        "updated_at": datetime(2026, 6, 1, 0, 0, tzinfo=UTC),
    }
    return Customer(**(base | overrides))


@pytest.mark.parametrize(
    "item",
    [
        customer(),
        customer(last_name="O'Brien", date_of_birth=date(1926, 12, 1)),
        customer(
            created_at=datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
            updated_at=datetime(2026, 3, 29, 1, 30, 0, 1, tzinfo=UTC),
        ),
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "Europe/Paris", "America/New_York"])
def test_the_representation_matches_the_serializer(item, zone):
    with timezone.override(zone):
        expected = CustomerOutputSerializer(item, context={"today": TODAY}).data
        assert customer_representation(item, TODAY) == dict(expected)
