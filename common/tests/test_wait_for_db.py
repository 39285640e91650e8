import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from common.tests.test_health import closed_port
from tests.support.production import production_env

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_returns_at_once_when_the_database_answers(capsys):
    call_command("wait_for_db", "--timeout", "5")

    assert "Database available after 1 attempt(s)." in capsys.readouterr().out


def test_gives_up_after_the_timeout_when_the_database_is_down(tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "wait_for_db", "--timeout", "2", "--interval", "0.5"],
        cwd=BASE_DIR,
        env=production_env(database_url=f"postgres://postgres@127.0.0.1:{closed_port()}/cma_prod_down"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "Database unavailable after 2s" in result.stderr
    assert "Waiting for the database" in result.stderr
    assert time.monotonic() - started < 30
