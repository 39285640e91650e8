"""The field rules: one check per kind of field, applied to every field `CustomerFields`
declares. No query; the owner-wide phone rule is `RecordService.validate`."""

from collections.abc import Callable
from datetime import date
from typing import Any

from common.exceptions import ErrorDetail
from customers.domain import rules
from customers.domain.entities import FIELD_SPECS, Customer, CustomerFields, FieldKind, FieldSpec
from customers.domain.errors import CustomerValidationError


class FieldRules:
    def __init__(self, *, today: Callable[[], date], default_region: str) -> None:
        self._today = today
        self._default_region = default_region
        self._checks: dict[FieldKind, Callable[[FieldSpec, Any], tuple[Any, ErrorDetail | None]]] = {
            "name": lambda spec, value: rules.normalize_name(
                value or "", field=spec.name, required=spec.required
            ),
            "phone": lambda spec, value: rules.normalize_phone(value, default_region=self._default_region),
            "birth_date": lambda spec, value: (value, rules.check_date_of_birth(value, today=self._today())),
        }

    def check_fields(self, *, existing: Customer | None = None, **values: Any) -> CustomerFields:
        """The field rules alone (no query): normalised values, or `CustomerValidationError`
        listing every broken rule. Takes each editable field by name (an optional one may be
        left out). An unchanged date of birth of an `existing` customer is not re-checked (it
        was valid when set; a customer who has since turned 101 can still have their name
        corrected)."""
        unknown = set(values) - {spec.name for spec in FIELD_SPECS}
        if unknown:
            raise TypeError(f"check_fields() got unexpected fields: {', '.join(sorted(unknown))}")
        checked: dict[str, Any] = {}
        problems: list[ErrorDetail] = []
        for spec in FIELD_SPECS:
            value = values.get(spec.name)
            if spec.kind == "birth_date" and existing is not None and getattr(existing, spec.name) == value:
                checked[spec.name] = value
                continue
            checked[spec.name], problem = self._checks[spec.kind](spec, value)
            problems += [problem] if problem else []
        if problems:
            raise CustomerValidationError(problems)
        return CustomerFields(**checked)

    def today(self) -> date:
        return self._today()
