"""One registry of error codes: the schema's enum, the README table and every code the source can send."""

import re

from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers

from common import exceptions as app_exceptions
from common.error_codes import ERROR_CODES
from customers.domain import errors as customer_errors  # noqa: F401  (its error classes must be loaded)
from tests.contract.schema_support import README


def test_the_error_code_enum_is_the_registry(schema):
    assert schema["definitions"]["ErrorItem"]["properties"]["code"]["enum"] == list(ERROR_CODES)


def test_the_readme_table_lists_every_code_with_its_meaning_and_status():
    rows = re.findall(r"^\| `([a-z_]+)` \| (.+?) \| ([0-9, ]+) \|$", README.read_text(), flags=re.MULTILINE)
    table = {code: (meaning, tuple(int(s) for s in statuses.split(", "))) for code, meaning, statuses in rows}
    assert table == ERROR_CODES


def _subclasses(base):
    for cls in base.__subclasses__():
        yield cls
        yield from _subclasses(cls)


def test_every_code_the_code_can_raise_is_in_the_registry():
    codes = {cls.default_code for cls in _subclasses(app_exceptions.ApplicationError)}
    codes |= {cls.default_code for cls in _subclasses(drf_exceptions.APIException)}
    codes -= {"error"}  # the abstract base's, never raised as such
    fields = [
        serializers.CharField(max_length=1, min_length=1),
        serializers.IntegerField(max_value=1, min_value=0),
        serializers.DateField(),
        serializers.EmailField(),
        serializers.ChoiceField(choices=["a"]),
    ]
    # (A DateField's "datetime" is only raised for Python datetime objects, never for JSON input.)
    codes |= {code for field in fields for code in field.error_messages if code != "datetime"}
    for validator_ in get_default_password_validators():
        try:
            validator_.validate("1")
        except DjangoValidationError as error:
            codes |= {item.code for item in error.error_list}
    codes |= {"no_active_account", "user_not_found", "user_inactive", "password_changed"}
    assert sorted(codes - set(ERROR_CODES)) == []


def test_an_unlisted_code_is_sent_as_invalid_and_logged(caplog):
    from common.envelope import failure_envelope

    envelope = failure_envelope("x", [app_exceptions.ErrorDetail(None, "made_up", "x")])
    assert envelope["errors"][0]["code"] == "invalid"
    assert "made_up" in caplog.text


_CODE_LITERALS = re.compile(
    r"""(?:default_code\s*=\s*|\bcode\s*=\s*|ErrorDetail\(\s*[^,()]+,\s*|RowProblem\([^,()]+,\s*[^,()]+,\s*)"([a-z_]+)\""""
)


def test_every_code_written_in_the_source_is_in_the_registry():
    root = README.parent
    found = {}
    for package in ("common", "customers", "users", "integrations", "CustomerManagementApp"):
        for path in (root / package).rglob("*.py"):
            # (forms.py, views.py and the admin site's login form belong to the pages, whose errors
            # are form errors, not envelopes)
            pages = ("forms.py", "views.py", "admin_site.py")
            if "tests" in path.parts or "migrations" in path.parts or path.name in pages:
                continue
            for code in _CODE_LITERALS.findall(path.read_text()):
                found.setdefault(code, str(path.relative_to(root)))
    found.pop("error", None)  # ApplicationError's abstract default
    missing = {code: where for code, where in found.items() if code not in ERROR_CODES}
    assert not missing, missing
