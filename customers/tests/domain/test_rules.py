"""The field rules, with no database."""

from datetime import date, timedelta

import pytest

from customers.domain import rules
from customers.domain.entities import age_on


@pytest.mark.parametrize(
    "name", ["José", "O'Brien", "Anne-Marie", "Zoë", "李雷", "J.R.", "Mary Ann", "Nguyễn"]
)
def test_names_of_any_script_pass(name):
    value, problem = rules.normalize_name(f"  {name} ", field="first_name", required=True)
    assert problem is None
    assert value == name


@pytest.mark.parametrize("name", ["R2D2", "Bob!", "<script>", "Ann_Lee", "-Ann", "'", "42"])
def test_digits_symbols_and_leading_punctuation_fail(name):
    _, problem = rules.normalize_name(name, field="first_name", required=True)
    assert problem is not None
    assert (problem.field, problem.code) == ("first_name", "invalid_name")


def test_decomposed_accents_are_normalised_to_one_character():
    value, problem = rules.normalize_name("Jose\u0301", field="first_name", required=True)
    assert problem is None
    assert value == "José"


def test_required_name_cannot_be_blank_but_optional_can():
    assert rules.normalize_name("   ", field="first_name", required=True)[1].code == "required"
    assert rules.normalize_name("", field="last_name", required=False) == ("", None)


def test_name_length_is_capped_at_100():
    assert rules.normalize_name("a" * 100, field="first_name", required=True)[1] is None
    assert rules.normalize_name("a" * 101, field="first_name", required=True)[1].code == "max_length"


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+1 415-555-0123", "US", "+14155550123"),
        ("(415) 555-0123", "US", "+14155550123"),
        ("4155550123", "US", "+14155550123"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("+44 20 7946 0018", "US", "+442079460018"),
    ],
)
def test_phone_numbers_are_stored_as_e164(raw, region, expected):
    assert rules.normalize_phone(raw, default_region=region) == (expected, None)


@pytest.mark.parametrize("raw", ["12345", "not a phone", "+1 555", "+999 123456789", "4155550123" * 4])
def test_invalid_phone_numbers_fail(raw):
    _, problem = rules.normalize_phone(raw, default_region="US")
    assert problem is not None
    assert problem.field == "phone_number"


TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("born", "code"),
    [
        (date(2013, 11, 30), None),  # turned 13 today
        (date(2013, 12, 1), "too_young"),  # turns 13 tomorrow
        (date(1925, 12, 1), None),  # 100, turns 101 tomorrow
        (date(1925, 11, 30), "too_old"),  # turned 101 today
        (date(2026, 12, 1), "future_date"),
    ],
)
def test_age_is_counted_by_birthday(born, code):
    problem = rules.check_date_of_birth(born, today=TODAY)
    assert (problem.code if problem else None) == code


def test_leap_day_birthday_counts_from_first_of_march_in_common_years():
    born = date(2012, 2, 29)
    assert age_on(born, date(2025, 2, 28)) == 12
    assert age_on(born, date(2025, 3, 1)) == 13
    assert age_on(born, date(2024, 2, 29)) == 12


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
