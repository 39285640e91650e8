# ruff: noqa: RUF001 - the names are meant to be in many scripts
"""Realistic, valid demo customers, generated without a per-row service call.

Every value is drawn from sets the domain rules accept (names from the lists below, numbers
checked with `phonenumbers`, birth dates inside the age window), so bulk inserts stay fast
and still hold data the API and pages would have accepted. The tests check that claim.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberType

from customers.domain.entities import FIELD_SPECS, CustomerFields, FieldSpec
from customers.domain.rules import MAX_AGE, MIN_AGE

FIRST_NAMES = (
    "Ada", "Grace", "José", "Zoë", "François", "Søren", "Łukasz", "Siobhán", "Anne-Marie",
    "Björn", "Núria", "Chloé", "Mateus", "Ngozi", "Oluwaseun", "Aroha", "Priya", "Arjun",
    "Mei", "Hiroshi", "Yuki", "Min-jun", "Thảo", "Minh", "Fatima", "Omar", "Leila", "Dmitri",
    "Olga", "Ewa", "Emre", "Ayşe", "Kwame", "Amara", "Lucía", "Mateo", "Sofía", "Ingrid",
    "Pål", "Renée", "李雷", "韩梅梅", "花子", "Дмитрий", "Анна", "محمد", "فاطمة", "प्रिया",
    "지민", "Γιώργος", "Ελένη", "Noa", "Yosef", "Mary Ann", "J.", "D'Arcy",
)  # fmt: skip
LAST_NAMES = (
    "Lovelace", "Hopper", "García", "Müller", "O'Brien", "Núñez", "Kowalski", "Çelik",
    "Yılmaz", "Østergaard", "Björk", "Nguyễn", "Đặng", "Okafor", "Adeyemi", "Mensah",
    "Ngata", "Sharma", "Patel", "Tanaka", "Yamamoto", "Kim", "Park", "Haddad", "Khan",
    "Ivanova", "Petrov", "Nowak", "Dubois", "Lefèvre", "Rossi", "Silva", "Santos",
    "Fernández", "Smith-Jones", "van der Berg", "St. John", "王", "山田", "김", "Иванов",
    "Смирнова", "الحسن", "शर्मा", "Παπαδόπουλος", "Cohen", "",
)  # fmt: skip

# Regions whose mobile example numbers keep their country code and national number in
# E.164 without a leading zero; the last digits are varied and every result re-validated.
PHONE_REGIONS = ("US", "CA", "GB", "DE", "FR", "ES", "BR", "IN", "JP", "NG", "MX", "AU",
                 "PL", "TR", "VN", "SE", "NL")  # fmt: skip
_VARIED_DIGITS = 6


@dataclass(frozen=True, slots=True)
class DemoCustomer:
    fields: CustomerFields
    created_at: datetime


class DemoCustomerGenerator:
    def __init__(self, *, today: date, seed: int | None = None, taken_phones: set[str] | None = None):
        self._random = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self._today = today
        self._taken = set(taken_phones or ())
        self._templates = []
        for region in PHONE_REGIONS:
            example = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE)
            if example is not None:
                self._templates.append((example.country_code, example.national_number))
        # birth dates with an age (by birthday) of MIN_AGE..MAX_AGE today
        self._youngest = _years_before(today, MIN_AGE)
        self._oldest = _years_before(today, MAX_AGE + 1) + timedelta(days=1)

    def phone(self) -> str:
        """A valid mobile number not yet used by this generator or listed as taken."""
        while True:
            country_code, national = self._random.choice(self._templates)
            modulus = 10**_VARIED_DIGITS
            national = national - national % modulus + self._random.randrange(modulus)
            candidate = f"+{country_code}{national}"
            if candidate in self._taken:
                continue
            if phonenumbers.is_valid_number(PhoneNumber(country_code=country_code, national_number=national)):
                self._taken.add(candidate)
                return candidate

    def date_of_birth(self) -> date:
        span = (self._youngest - self._oldest).days
        return self._oldest + timedelta(days=self._random.randint(0, span))

    def value(self, spec: FieldSpec) -> Any:
        """A valid value for an editable field of this kind: a required name is a first name,
        an optional one a last name (sometimes none)."""
        if spec.kind == "name":
            return self._random.choice(FIRST_NAMES if spec.required else LAST_NAMES)
        if spec.kind == "phone":
            return self.phone()
        return self.date_of_birth()

    def customers(self, count: int, *, start: datetime, end: datetime) -> Iterator[DemoCustomer]:
        """`count` customers created between `start` and `end`, in creation order (so ids
        and creation times rise together, as they would in real use)."""
        step = (end - start) / max(count, 1)
        for index in range(count):
            jitter = step * self._random.random()
            fields = CustomerFields(**{spec.name: self.value(spec) for spec in FIELD_SPECS})
            yield DemoCustomer(fields=fields, created_at=start + step * index + jitter)


def _years_before(day: date, years: int) -> date:
    """The same day `years` earlier; from 29 February, the 28th (someone born then has had
    their birthday by the 29th, someone born on 1 March has not)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)
