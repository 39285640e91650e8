"""Shapes of customer data at the API edge. Syntax only: the rules live in the domain."""

from collections.abc import Callable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any, ClassVar

from django.utils import timezone
from drf_yasg import openapi
from rest_framework import serializers

from common.api_docs import ErrorItemSerializer
from common.serializers import StrictInputSerializer
from customers.domain.entities import FIELD_SPECS, Customer, FieldKind, FieldSpec
from customers.domain.rules import (
    E164_PATTERN,
    MAX_AGE,
    MIN_AGE,
    NAME_MAX_LENGTH,
    NAME_PATTERN,
    OPTIONAL_NAME_PATTERN,
    PHONE_INPUT_MAX_LENGTH,
)
from customers.interface.find import ORDERING_CHOICES, SEARCH_MAX_LENGTH

_READ_ONLY = frozenset(
    {
        "id",
        "owner",
        "owner_id",
        "full_name",
        "age",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "deleted_at",
        "deleted_by",
        "is_active",
        "version",
    }
)


NAME_HELP = (
    "Trimmed; letters of any script plus space, hyphen, apostrophe and period, starting with a "
    f"letter; at most {NAME_MAX_LENGTH} characters."
)
PHONE_HELP = (
    "Any format the phonenumbers library reads as a valid number: international (+14155550123) or "
    "national for the server's default region. Stored and returned as E.164. Unique among your "
    "active customers (409 `duplicate`)."
)
BIRTH_HELP = (
    f"YYYY-MM-DD, not in the future; age by birthday between {MIN_AGE} and {MAX_AGE} inclusive, today."
)


def _name_input(spec: FieldSpec) -> serializers.Field:
    # Lengths are capped here too so the schema tells clients the truth; the domain applies
    # them after trimming and reports the same field. The patterns state the domain's name
    # rule for clients (`style` carries them into the schema only; the domain decides).
    if spec.required:
        return serializers.CharField(
            max_length=NAME_MAX_LENGTH,
            trim_whitespace=False,
            help_text=NAME_HELP,
            style={"schema": {"pattern": NAME_PATTERN}},
        )
    return serializers.CharField(
        max_length=NAME_MAX_LENGTH,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Optional; " + NAME_HELP,
        style={"schema": {"pattern": OPTIONAL_NAME_PATTERN}},
    )


# How each kind of editable field is read from a request, and shown in an answer.
_INPUT_FIELDS: dict[FieldKind, Callable[[FieldSpec], serializers.Field]] = {
    "name": _name_input,
    "phone": lambda spec: serializers.CharField(max_length=PHONE_INPUT_MAX_LENGTH, help_text=PHONE_HELP),
    "birth_date": lambda spec: serializers.DateField(input_formats=["iso-8601"], help_text=BIRTH_HELP),
}
_OUTPUT_FIELDS: dict[FieldKind, Callable[[FieldSpec], serializers.Field]] = {
    "name": lambda spec: serializers.CharField(allow_blank=not spec.required),
    "phone": lambda spec: serializers.CharField(
        help_text="E.164", style={"schema": {"pattern": E164_PATTERN}}
    ),
    "birth_date": lambda spec: serializers.DateField(),
}
_OUTPUT_VALUES: dict[FieldKind, Callable[[Any], Any]] = {
    "name": str,
    "phone": str,
    "birth_date": date.isoformat,
}
# A value computed from fields of one kind is shown right after the last field of that kind.
_COMPUTED_AFTER: dict[FieldKind, str] = {"name": "full_name", "birth_date": "age"}
_LAST_OF_KIND = {spec.kind: spec.name for spec in FIELD_SPECS}


def _in_output_order(
    id_: Any, editable: Mapping[str, Any], computed: Mapping[str, Any], rest: Mapping[str, Any]
) -> dict[str, Any]:
    """`id`, the editable fields in their declared order with each computed value after the
    fields it is computed from, then the rest (timestamps, and what a subclass adds)."""
    shown: dict[str, Any] = {"id": id_}
    for spec in FIELD_SPECS:
        shown[spec.name] = editable[spec.name]
        companion = _COMPUTED_AFTER.get(spec.kind)
        if companion is not None and companion in computed and _LAST_OF_KIND[spec.kind] == spec.name:
            shown[companion] = computed[companion]
    return shown | dict(rest)


class CustomerInputSerializer(StrictInputSerializer):
    """Create, and PUT on the canonical route: every required field. The fields are the
    editable ones `CustomerFields` declares, each built for its kind."""

    read_only_names: ClassVar[frozenset[str]] = _READ_ONLY

    def get_fields(self) -> dict[str, serializers.Field]:
        return {spec.name: _INPUT_FIELDS[spec.kind](spec) for spec in FIELD_SPECS}

    class Meta:
        ref_name = "CustomerInput"


class CustomerPartialInputSerializer(CustomerInputSerializer):
    """The same fields, each optional (PATCH, and PUT on the original `update/` route). Made
    optional in `get_fields`, which the schema generator reads too (a `partial=True` set in
    `__init__` would leave them "required" in the published schema)."""

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            field.required = False
        return fields

    class Meta:
        ref_name = "CustomerPartialInput"
        # An update must name at least one field (an empty one is a 400 `no_fields`).
        swagger_schema_fields = {"minProperties": 1}


class CustomerOutputSerializer(serializers.Serializer):
    """A customer as every answer shows it: the editable fields (each built for its kind)
    among the ones declared here."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
    age = serializers.SerializerMethodField(help_text="Whole years, by birthday, today.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    class Meta:
        ref_name = "Customer"

    def get_fields(self) -> dict[str, serializers.Field]:
        declared = super().get_fields()
        computed = {name: declared.pop(name) for name in _COMPUTED_AFTER.values()}
        editable = {spec.name: _OUTPUT_FIELDS[spec.kind](spec) for spec in FIELD_SPECS}
        return _in_output_order(declared.pop("id"), editable, computed, declared)

    def get_age(self, customer: Customer) -> int:
        today = self.context.get("today") or timezone.localdate()
        return customer.age_on(today)


def customer_representation(customer: Customer, today: date) -> dict[str, Any]:
    """Exactly what `CustomerOutputSerializer` renders, built directly. DRF fields cost ~0.1 ms
    per row (a 20-row page spent ~2 ms in them); the serializer stays the documented shape
    and a test keeps the two identical."""
    zone = timezone.get_current_timezone()
    return _in_output_order(
        customer.id,
        {spec.name: _OUTPUT_VALUES[spec.kind](getattr(customer, spec.name)) for spec in FIELD_SPECS},
        {"full_name": customer.full_name, "age": customer.age_on(today)},
        {
            "created_at": _iso_8601(customer.created_at, zone),
            "updated_at": _iso_8601(customer.updated_at, zone),
        },
    )


def _iso_8601(value: datetime, zone: tzinfo) -> str:
    # DRF's DateTimeField: in the current time zone, with UTC written as "Z"
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        help_text="Before the change; null when created, empty for no last name.",
    )
    new = serializers.CharField(
        allow_null=True, allow_blank=True, help_text="After the change; may be empty."
    )

    class Meta:
        ref_name = "CustomerFieldChange"


class CustomerHistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.ChoiceField(choices=["created", "updated", "deleted", "restored"])
    at = serializers.DateTimeField()
    by = serializers.IntegerField(allow_null=True, help_text="Id of the user who made the change.")
    changes = FieldChangeSerializer(many=True)

    class Meta:
        ref_name = "CustomerHistoryEntry"


class CustomerCreatedSerializer(CustomerOutputSerializer):
    warnings = ErrorItemSerializer(
        many=True, help_text="Possible duplicates (same name and date of birth); never blocking."
    )

    class Meta:
        ref_name = "CustomerCreated"


FIND_QUERY_PARAMETERS = [
    openapi.Parameter(
        "search",
        openapi.IN_QUERY,
        description=(
            "Name (first, last or full; accents and case ignored: `jose` finds José) or phone "
            "number in any format (matched on its digits)."
        ),
        type=openapi.TYPE_STRING,
        maxLength=SEARCH_MAX_LENGTH,
        pattern=r"^[^\x00]*$",
    ),
    openapi.Parameter(
        "age_min",
        openapi.IN_QUERY,
        description="Age at least (by birthday); not above `age_max`.",
        type=openapi.TYPE_INTEGER,
        minimum=0,
        maximum=MAX_AGE + 1,
    ),
    openapi.Parameter(
        "age_max",
        openapi.IN_QUERY,
        description="Age at most (by birthday).",
        type=openapi.TYPE_INTEGER,
        minimum=0,
        maximum=MAX_AGE + 1,
    ),
    openapi.Parameter(
        "created_from",
        openapi.IN_QUERY,
        description="Added on or after this day (YYYY-MM-DD).",
        type=openapi.TYPE_STRING,
        format=openapi.FORMAT_DATE,
    ),
    openapi.Parameter(
        "created_to",
        openapi.IN_QUERY,
        description="Added on or before this day (YYYY-MM-DD).",
        type=openapi.TYPE_STRING,
        format=openapi.FORMAT_DATE,
    ),
    openapi.Parameter(
        "ordering",
        openapi.IN_QUERY,
        description="Sort field, `-` for descending; ties are broken by id. Default `-created_at`.",
        type=openapi.TYPE_STRING,
        enum=[value for value, _ in ORDERING_CHOICES],
    ),
]


for _parameter in FIND_QUERY_PARAMETERS:
    # An empty value means "not given", as the dashboard's filter form submits it.
    _parameter["allowEmptyValue"] = True
