"""Per-login password hashing cost: a timeit of check_password for each hasher.

.venv/bin/python bench/hash_cost.py
"""

import os
import secrets
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "CustomerManagementApp.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django

django.setup()

from argon2 import PasswordHasher
from django.contrib.auth.hashers import check_password, make_password

PASSWORD = "correct-horse-battery-staple"


def cost_ms(encoded: str, rounds: int = 10) -> float:
    best = min(timeit.repeat(lambda: check_password(PASSWORD, encoded), number=rounds, repeat=3))
    return best / rounds * 1000


def main() -> None:
    django_default_argon2 = "argon2" + PasswordHasher(time_cost=2, memory_cost=102400, parallelism=8).hash(
        PASSWORD
    )
    rows = [
        (
            "before: PBKDF2-SHA256, 1,000,000 iterations (Django 5.2 default)",
            make_password(PASSWORD, hasher="pbkdf2_sha256"),
        ),
        ("Argon2id at Django's defaults (100 MiB, t=2, p=8)", django_default_argon2),
        ("after: Argon2id as configured (19 MiB, t=2, p=1)", make_password(PASSWORD)),
    ]
    print("| hasher | ms per check_password |")
    print("|---|---:|")
    for label, encoded in rows:
        print(f"| {label} | {cost_ms(encoded, rounds=5):.1f} |")


if __name__ == "__main__":
    main()
