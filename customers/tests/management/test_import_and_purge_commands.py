"""`manage.py import_customers` with its progress bar."""

import io

import pytest
from django.core.management import CommandError, call_command

from customers.models import Customer
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CSV = "first_name,last_name,phone_number,date_of_birth\nJosé,García,+14155550170,1990-01-02\nBad,,x,1990-01-02\n"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_customers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_command_all_or_nothing_then_skip_invalid(tmp_path):
    owner = UserFactory(email="owner@example.com")
    path = tmp_path / "c.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        run("--owner", "owner@example.com", str(path))
    assert not Customer.objects.exists()
    out, err = run("--owner", "owner@example.com", "--skip-invalid", str(path))
    assert "Imported 1 customers" in out and "1 rows refused" in out
    assert "row 3, phone_number" in err
    assert "100%" in err  # the progress bar
    assert list(Customer.objects.filter(owner=owner).values_list("search_name", flat=True)) == ["jose garcia"]


def test_import_command_refuses_unknown_owner_and_bad_files(tmp_path):
    UserFactory(email="owner@example.com")
    path = tmp_path / "c.csv"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="UTF-8"):
        run("--owner", "owner@example.com", str(path))
    with pytest.raises(CommandError, match="No user"):
        run("--owner", "nobody@example.com", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        run("--owner", "owner@example.com", str(tmp_path / "missing.csv"))
