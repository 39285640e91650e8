"""Dates of birth relative to today for tests of the age rule, right on every day of the year."""

from datetime import date, timedelta

from django.utils import timezone


def birthday_years_ago(years: int, *, plus_days: int = 0, today: date | None = None) -> date:
    """The latest date of birth of someone who is `years` old today, counted by birthday;
    `plus_days=1` is someone who turns `years` tomorrow (still `years - 1`).

    On 29 February, `years` ago may have no 29 February: then nobody turns `years` today, and
    the latest such birth date is the 28th (who turned `years` yesterday); the 1st of March is
    still `years - 1` (the domain's birthday rule).
    """
    today = today or timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:
        born = date(today.year - years, 2, 28)
    return born + timedelta(days=plus_days)
