"""Fuzz the API with schemathesis against its own served schema, through a real gunicorn.

    .venv/bin/python tests/fuzz/run_schemathesis.py [--max-examples N]

Serves the app on a fresh SQLite database on loopback with production settings (throttles
and lockout raised so the fuzzer explores instead of being refused), registers a user, takes
a real token and runs every check schemathesis has: no server errors, responses that conform
to the schema, documented status codes. Exits with schemathesis' status.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cma-fuzz-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "CustomerManagementApp.settings",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "DATABASE_URL": f"sqlite:///{workdir / 'fuzz.sqlite3'}",
        "THROTTLE_ANON": "100000/min",
        "THROTTLE_USER": "100000/min",
        "THROTTLE_TOKEN": "100000/min",
        "THROTTLE_REFRESH": "100000/min",
        "THROTTLE_REGISTER": "100000/min",
        "LOGIN_FAILURE_LIMIT": "100000",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL_OVERRIDE", None)
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
            "CustomerManagementApp.wsgi",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/v1/health-check/", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        password = secrets.token_urlsafe(16)
        email = "fuzzer@example.com"
        post_json(
            f"{base}/api/v1/user/register/", {"email": email, "password": password, "first_name": "Fuzz"}
        )
        token = post_json(f"{base}/api/v1/user/token/", {"email": email, "password": password})["data"][
            "access"
        ]
        command = [
            str(BIN / "st"),
            "run",
            f"{base}/swagger.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            # Schema-valid but rule-breaking input (a name with digits, a 12-year-old, an
            # invalid phone) is rightly a 400: business rules are not expressible in Swagger 2.
            "--exclude-checks",
            "positive_data_acceptance",
            # The fuzzer's own token is revoked by the logout operation it calls; after that
            # every authenticated call is a (documented) 401, so logout is fuzzed last by
            # exclusion from the main run below and in a run of its own.
            "--exclude-path",
            "/user/logout/",
            "--max-examples",
            str(args.max_examples),
            "--seed",
            str(args.seed),
            "--workers",
            "2",
            "--no-color",
        ]
        first = subprocess.run(command, cwd=workdir, check=False).returncode
        logout = [c for c in command if c not in ("--exclude-path", "/user/logout/")]
        logout += ["--include-path", "/user/logout/"]
        second = subprocess.run(logout, cwd=workdir, check=False).returncode
        return first or second
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
