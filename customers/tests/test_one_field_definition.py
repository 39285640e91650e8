"""A customer's editable fields are declared once, on `CustomerFields`. Every place that lists
them is compared with that definition here, so a place that keeps its own copy fails; and a
field added to the definition (in a separate interpreter, so nothing else sees it) shows up
in every edge without touching them."""

import json
import os
import subprocess
import sys
from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from customers.admin import CustomerAdmin, CustomerAdminForm
from customers.domain.entities import (
    EDITABLE_FIELDS,
    ENTITY_FIELDS,
    FIELD_SPECS,
    HISTORY_FIELDS,
    REQUIRED_FIELDS,
    Customer,
    CustomerFields,
    changes_between,
)
from customers.interface import csv_io, forms, serializers
from customers.management.demo_data import DemoCustomerGenerator
from customers.models import Customer as CustomerModel

EDITABLE = ("first_name", "last_name", "phone_number", "date_of_birth")


def editable_in(names) -> tuple[str, ...]:
    return tuple(name for name in names if name in EDITABLE_FIELDS)


def test_the_definition_is_the_dataclass():
    assert EDITABLE_FIELDS == tuple(item.name for item in fields(CustomerFields)) == EDITABLE
    assert REQUIRED_FIELDS == ("first_name", "phone_number", "date_of_birth")
    assert HISTORY_FIELDS == EDITABLE_FIELDS
    assert [spec.label for spec in FIELD_SPECS] == [
        "First name",
        "Last name",
        "Phone number",
        "Date of birth",
    ]


def test_the_entity_carries_the_definition_and_not_a_copy():
    assert issubclass(Customer, CustomerFields)
    assert ENTITY_FIELDS[: len(EDITABLE_FIELDS)] == EDITABLE_FIELDS
    assert set(ENTITY_FIELDS) - set(EDITABLE_FIELDS) == {
        "id",
        "owner_id",
        "created_at",
        "updated_at",
        "version",
    }
    now = datetime(2024, 1, 1, tzinfo=UTC)
    values = CustomerFields("Ada", "Lovelace", "+14155550123", date(1990, 5, 17))
    customer = Customer(id=1, owner_id=2, created_at=now, updated_at=now, **_values(values))
    assert customer.fields == values
    assert [change.field for change in changes_between(None, values)] == list(EDITABLE_FIELDS)


def test_the_model_stores_every_field_the_entity_reads():
    columns = {field.attname for field in CustomerModel._meta.concrete_fields}
    assert set(ENTITY_FIELDS) <= columns


def test_the_api_fields_are_the_definition():
    assert tuple(serializers.CustomerInputSerializer().fields) == EDITABLE_FIELDS
    assert tuple(serializers.CustomerPartialInputSerializer().fields) == EDITABLE_FIELDS
    shown = tuple(serializers.CustomerOutputSerializer().fields)
    assert editable_in(shown) == EDITABLE_FIELDS
    # today's published order, computed values beside what they are computed from
    assert shown == ("id", "first_name", "last_name", "full_name", "phone_number", "date_of_birth", "age",
                     "created_at", "updated_at")  # fmt: skip


def test_the_page_form_fields_are_the_definition():
    assert tuple(forms.CustomerForm.base_fields) == EDITABLE_FIELDS
    assert tuple(forms.CustomerForm().fields) == EDITABLE_FIELDS
    edit = forms.CustomerEditForm()
    assert editable_in(edit.fields) == EDITABLE_FIELDS
    assert {name for name in edit.fields if name.startswith("loaded_")} == {
        f"loaded_{n}" for n in EDITABLE_FIELDS
    }


def test_the_csv_columns_are_the_definition():
    assert ("id", *EDITABLE_FIELDS, "created_at", "updated_at") == csv_io.EXPORT_COLUMNS
    assert csv_io.REQUIRED_COLUMNS == REQUIRED_FIELDS
    assert sorted(csv_io.IMPORT_COLUMNS) == sorted(EDITABLE_FIELDS)
    assert (
        csv_io.IMPORT_COLUMNS_HELP
        == "Columns: first_name, last_name, phone_number, date_of_birth (YYYY-MM-DD)"
    )


def test_the_admin_lists_the_definition():
    assert tuple(CustomerAdminForm._meta.fields) == ("owner", *EDITABLE_FIELDS)
    assert editable_in(CustomerAdmin.list_display) == EDITABLE_FIELDS
    assert CustomerAdmin.search_fields == ("first_name", "last_name", "phone_number", "owner__email")


def test_demo_data_has_a_value_for_every_field():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    (made,) = DemoCustomerGenerator(today=date(2026, 1, 1), seed=1).customers(1, start=start, end=start)
    assert isinstance(made.fields, CustomerFields)


def test_the_import_command_names_every_column():
    command = load_command_class(get_commands()["import_customers"], "import_customers")
    assert "(first_name, last_name, phone_number, date_of_birth)" in command.help


@pytest.mark.django_db
def test_the_published_csv_descriptions_name_every_column(client):
    paths = client.get("/swagger.json", HTTP_HOST="localhost").json()["paths"]
    export = paths["/customers/export/"]["get"]["description"]
    assert f"Columns: {', '.join(csv_io.EXPORT_COLUMNS)};" in export
    imported = paths["/customers/import/"]["post"]["description"]
    assert all(f"`{name}`" in imported for name in EDITABLE_FIELDS)


@pytest.mark.django_db
def test_the_django_repository_reads_back_every_field():
    from customers.repositories.repository import DjangoCustomerRepository
    from users.tests.factories import UserFactory

    owner = UserFactory().pk
    values = CustomerFields("Ada", "Lovelace", "+14155550123", date(1990, 5, 17))
    repository = DjangoCustomerRepository()
    added = repository.add(owner_id=owner, actor_id=owner, fields=values)
    assert repository.get(owner_id=owner, customer_id=added.id).fields == values
    assert repository.list_page(owner_id=owner, offset=0, limit=1).items[0].fields == values


# An interpreter where the definition has one more field before anything else is imported:
# it reports what each place lists, which must include the new field in its place.
_WITH_NICKNAME = """
import json, os, sys
from dataclasses import dataclass, field
import customers.domain.entities as entities

@dataclass(frozen=True, slots=True)
class WithNickname(entities.CustomerFields):
    nickname: str = field(default="", metadata=entities.about_field(label="Nickname", kind="name", required=False))

entities.CustomerFields = WithNickname
entities.FIELD_SPECS = entities.field_specs(WithNickname)
entities.EDITABLE_FIELDS = tuple(spec.name for spec in entities.FIELD_SPECS)
entities.REQUIRED_FIELDS = tuple(spec.name for spec in entities.FIELD_SPECS if spec.required)
entities.HISTORY_FIELDS = entities.EDITABLE_FIELDS

import django
from django.contrib.admin.apps import AdminConfig
AdminConfig.ready = lambda self: None  # the admin is imported below, to see what it asks of the model
django.setup()
from datetime import date
try:
    import customers.admin
    admin = "imported"
except Exception as error:  # the model has no such column: the admin form asked it for the new field
    admin = str(error)
from customers.domain.services.fields import FieldRules
from customers.interface import csv_io, forms, serializers
from customers.management.commands.import_customers import Command

checked = FieldRules(today=lambda: date(2026, 1, 1), default_region="US").check_fields(
    first_name="Ada", phone_number="+14155550123", date_of_birth=date(1990, 5, 17), nickname=" Countess "
)
problems = None
try:
    FieldRules(today=lambda: date(2026, 1, 1), default_region="US").check_fields(
        first_name="Ada", phone_number="+14155550123", date_of_birth=date(1990, 5, 17), nickname="4da"
    )
except Exception as error:
    problems = [detail.field for detail in error.details]
print(json.dumps({
    "input": list(serializers.CustomerInputSerializer().fields),
    "output": list(serializers.CustomerOutputSerializer().fields),
    "form": list(forms.CustomerForm().fields),
    "form_labels": {n: f.label for n, f in forms.CustomerForm.base_fields.items()},
    "export": list(csv_io.EXPORT_COLUMNS),
    "import": list(csv_io.IMPORT_COLUMNS),
    "admin": admin,
    "help": Command.help,
    "checked": checked.nickname,
    "problems": problems,
}))
"""


def test_a_field_added_to_the_definition_reaches_every_edge():
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "CustomerManagementApp.test_settings",
        "PYTHONPATH": str(root),
    }
    run = subprocess.run(
        [sys.executable, "-c", _WITH_NICKNAME], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    with_nickname = [*EDITABLE_FIELDS, "nickname"]
    assert seen["input"] == with_nickname
    assert seen["form"] == with_nickname
    assert seen["form_labels"]["nickname"] == "Nickname"
    # a computed value follows the last field of its kind: full name now after the nickname
    assert seen["output"] == ["id", "first_name", "last_name", "phone_number", "date_of_birth", "age", "nickname",
                              "full_name", "created_at", "updated_at"]  # fmt: skip
    assert seen["export"] == ["id", *with_nickname, "created_at", "updated_at"]
    assert seen["import"] == [*REQUIRED_FIELDS, "last_name", "nickname"]
    assert seen["admin"] == "Unknown field(s) (nickname) specified for Customer"  # needs the model's field
    assert "nickname" in seen["help"]
    assert seen["checked"] == "Countess"  # trimmed by the name rule, like any name
    assert seen["problems"] == ["nickname"]


def _values(fields_: CustomerFields) -> dict:
    return {name: getattr(fields_, name) for name in EDITABLE_FIELDS}
