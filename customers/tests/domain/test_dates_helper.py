"""The tests' date-of-birth helper agrees with the domain's age rule on every kind of day."""

from datetime import date, timedelta

import pytest

from customers.domain.entities import age_on
from customers.tests.dates import birthday_years_ago

DAYS = [date(2028, 2, 29), date(2027, 2, 28), date(2027, 3, 1), date(2028, 3, 1), date(2026, 12, 3)]


@pytest.mark.parametrize("today", DAYS, ids=str)
@pytest.mark.parametrize("years", [13, 30, 100])
def test_born_on_the_edge_of_an_age_on_any_day_leap_days_included(today, years):
    born = birthday_years_ago(years, today=today)
    assert age_on(born, today) == years
    assert age_on(born + timedelta(days=1), today) == years - 1
    assert birthday_years_ago(years, plus_days=1, today=today) == born + timedelta(days=1)
