import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """The variables a production host sets, spelled out so that a developer's `.env` (which
    never overrides a variable already set) cannot change the outcome."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "CustomerManagementApp.settings",
        "SECRET_KEY": "prod-like-" + "k3y" * 16,
        "DEBUG": "False",
        "ALLOWED_HOSTS": "cma.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://cma.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/5",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_FORMAT": "json",
    }
    env.update(overrides)
    return env


@pytest.fixture
def manage(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=production_env(tmp_path, **env_overrides),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run
