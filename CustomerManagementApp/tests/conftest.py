import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.production import production_env

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def manage(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=production_env(
                database_url=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
                cache_url="redis://127.0.0.1:6379/5",
                allowed_hosts="cma.example.com",
                **{
                    "CSRF_TRUSTED_ORIGINS": "https://cma.example.com",
                    "TRUSTED_PROXY_COUNT": "1",
                    **env_overrides,
                },
            ),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run
