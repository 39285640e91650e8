"""The customer field rules, written once for the API, the pages and the admin."""

import unicodedata
from datetime import date, timedelta
from functools import lru_cache

import phonenumbers

from common.exceptions import ErrorDetail
from customers.domain.entities import age_on

NAME_MAX_LENGTH = 100
PHONE_INPUT_MAX_LENGTH = 32
MIN_AGE = 13
MAX_AGE = 100

_NAME_PUNCTUATION = frozenset(" -'.\u2019")
# The name rule as a regular expression, for the published schema (Python's `\w` and so the
# class `[^\W\d_]` is any letter of any script); `normalize_name` stays the rule itself.
NAME_PATTERN = r"^\s*[^\W\d_](?:[^\W\d_]|[ \-'.\u2019])*\s*$"
OPTIONAL_NAME_PATTERN = r"^\s*(?:[^\W\d_](?:[^\W\d_]|[ \-'.\u2019])*\s*)?$"
E164_PATTERN = r"^\+[1-9][0-9]{1,14}$"


def _is_name_character(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in ("L", "M") or char in _NAME_PUNCTUATION


def normalize_name(raw: str, *, field: str, required: bool) -> tuple[str, ErrorDetail | None]:
    """Trim and check a person's name: letters of any script plus space, hyphen, apostrophe, period."""
    value = unicodedata.normalize("NFC", raw).strip()
    if not value:
        if required:
            return value, ErrorDetail(field, "required", "This field is required.")
        return value, None
    if len(value) > NAME_MAX_LENGTH:
        message = f"Use at most {NAME_MAX_LENGTH} characters."
        return value, ErrorDetail(field, "max_length", message)
    if unicodedata.category(value[0])[0] != "L" or not all(map(_is_name_character, value)):
        message = "Use letters, spaces, hyphens, apostrophes and periods only, starting with a letter."
        return value, ErrorDetail(field, "invalid_name", message)
    return value, None


def normalize_phone(raw: str, *, default_region: str) -> tuple[str, ErrorDetail | None]:
    """Parse a phone number typed in any common format and return it as E.164."""
    field = "phone_number"
    value = raw.strip()
    if not value:
        return value, ErrorDetail(field, "required", "This field is required.")
    if len(value) > PHONE_INPUT_MAX_LENGTH:
        message = f"Use at most {PHONE_INPUT_MAX_LENGTH} characters."
        return value, ErrorDetail(field, "max_length", message)
    try:
        parsed = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        message = (
            "Enter a valid phone number, in international format (+14155550123) "
            f"or a national number for region {default_region}."
        )
        return value, ErrorDetail(field, "invalid_phone", message)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None


def check_date_of_birth(value: date, *, today: date) -> ErrorDetail | None:
    """Age by birthday between MIN_AGE and MAX_AGE inclusive; never in the future."""
    field = "date_of_birth"
    if value > today:
        return ErrorDetail(field, "future_date", "Date of birth cannot be in the future.")
    age = age_on(value, today)
    if age < MIN_AGE:
        return ErrorDetail(field, "too_young", f"The customer must be at least {MIN_AGE} years old.")
    if age > MAX_AGE:
        return ErrorDetail(field, "too_old", f"The customer must be at most {MAX_AGE} years old.")
    return None


@lru_cache(maxsize=4096)
def format_phone_international(e164: str) -> str:
    """A readable international form of a stored E.164 number, for people. Pure, and parsing
    a number is ~20 µs: a page of rows shown again formats nothing twice."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def fold_name(text: str) -> str:
    """A name as search compares it: compatibility-decomposed (NFKD), combining marks dropped,
    case-folded and whitespace collapsed, so "José" and "jose", "Zoë" and "ZOE" are equal.
    Stored beside every customer (`search_name`) so all backends compare the same text."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


SEARCH_NAME_MAX_LENGTH = 255


def search_name_of(first_name: str, last_name: str) -> str:
    # NFKD can lengthen a name (ligatures); the stored column has a fixed width.
    return fold_name(f"{first_name} {last_name}")[:SEARCH_NAME_MAX_LENGTH]


def phone_search_digits(text: str) -> str:
    """The digits of a phone number as typed, comparable with the digits of a stored E.164
    number: an international "00" prefix and a national trunk "0" are dropped, since E.164
    has neither ("020 7946 0958" finds +442079460958, "+1 (415) 555-0123" finds +14155550123)."""
    digits = "".join(char for char in text if char.isascii() and char.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]
    return digits.lstrip("0")


def latest_birth_date_for_age(age: int, today: date) -> date:
    """The most recent date of birth of someone who is at least `age` today (by birthday, as
    `age_on` counts it: a 29 February birthday falls on 1 March in common years)."""
    year = today.year - age
    try:
        return today.replace(year=year)
    except ValueError:  # today is 29 February and `year` is not a leap year
        return date(year, 2, 28)


def birth_date_range_for_ages(
    age_min: int | None, age_max: int | None, *, today: date
) -> tuple[date | None, date | None]:
    """Translate an age range (inclusive, by birthday) into an inclusive date-of-birth range."""
    latest = latest_birth_date_for_age(age_min, today) if age_min is not None else None
    earliest = None
    if age_max is not None:
        earliest = latest_birth_date_for_age(age_max + 1, today) + timedelta(days=1)
    return earliest, latest
