"""Behind the shipped reverse proxy (docker/nginx/default.conf.template, rendered and run by a
real nginx on loopback, TLS included), two clients from two addresses keep separate throttles and
lockouts: one client's failed logins and spent throttle never reach the other, and a forged
X-Forwarded-For does not help the first escape. The same two clients with
TRUSTED_PROXY_COUNT=0 share everything (the proxy's address): that is what the setting is for."""

import http.client
import json
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.conftest import BASE_DIR, requires_services
from tests.support.server import free_port, serve

pytestmark = [
    requires_services,
    pytest.mark.skipif(
        shutil.which("nginx") is None, reason="nginx not installed (apt-get install -y nginx)"
    ),
]

TEMPLATE = BASE_DIR / "docker" / "nginx" / "default.conf.template"
ATTACKER, NEIGHBOUR, SETUP = "127.0.0.2", "127.0.0.3", "127.0.0.4"
PASSWORD = "Behind-The-Proxy-1"
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
LIMITS = {"LOGIN_FAILURE_LIMIT": "3", "THROTTLE_TOKEN": "6/min", "THROTTLE_REGISTER": "100/min"}


def render(template: str, values: dict[str, str]) -> str:
    """What the nginx image's template step does: replace ${NAME} for the names it is given."""
    for name, value in values.items():
        template = template.replace("${" + name + "}", value)
    assert "${" not in template, "every variable of the template was given"
    return template


@contextmanager
def nginx_in_front_of(app_base: str) -> Iterator[int]:
    workdir = Path(tempfile.mkdtemp(prefix="cma-nginx-"))
    workdir.chmod(0o755)
    for temp in TEMP_KINDS:
        (workdir / temp).mkdir(mode=0o777)
        (workdir / temp).chmod(0o777)  # nginx's workers run as nobody when started as root
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(workdir / "key.pem"),
            "-out",
            str(workdir / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    https_port = free_port()
    site = render(
        TEMPLATE.read_text(),
        {
            "APP_UPSTREAM": app_base.removeprefix("http://"),
            "PROXY_HTTP_PORT": f"127.0.0.1:{free_port()}",
            "PROXY_HTTPS_PORT": f"0.0.0.0:{https_port}",
            "TLS_CERTIFICATE": str(workdir / "cert.pem"),
            "TLS_CERTIFICATE_KEY": str(workdir / "key.pem"),
        },
    )
    (workdir / "site.conf").write_text(site)
    temp_paths = "".join(f"{kind}_temp_path {workdir / kind};\n" for kind in TEMP_KINDS)
    (workdir / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\naccess_log off;\n{temp_paths}"
        f"include {workdir / 'site.conf'};\n}}\n"
    )
    process = subprocess.Popen(
        ["nginx", "-p", str(workdir), "-c", str(workdir / "nginx.conf"), "-e", str(workdir / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                if call(https_port, SETUP, "GET", "/api/v1/health-check/")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((workdir / "error.log").read_text()) from None
                time.sleep(0.1)
        yield https_port
    finally:
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def call(
    port: int, source: str, method: str, path: str, body: dict[str, Any] | None = None, **headers: str
) -> tuple[int, dict[str, Any]]:
    """One HTTPS request through the proxy from the loopback address `source`."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, source_address=(source, 0), context=context, timeout=15
    )
    try:
        connection.request(
            method,
            path,
            body=json.dumps(body) if body is not None else None,
            headers={"Content-Type": "application/json", **headers},
        )
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    return response.status, json.loads(raw) if raw.startswith(b"{") else {}


def login(port: int, source: str, email: str, password: str, **headers: str) -> tuple[int, str | None]:
    status, body = call(
        port, source, "POST", "/api/v1/user/token/", {"email": email, "password": password}, **headers
    )
    return status, (body.get("errors") or [{}])[0].get("code") if status >= 400 else None


@pytest.fixture
def cache_url() -> Iterator[str]:
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=13)
    client.flushdb()
    try:
        yield "redis://127.0.0.1:6379/13"
    finally:
        client.flushdb()
        client.close()


def attack_and_neighbour(port: int) -> dict[str, list[tuple[int, str | None]]]:
    for email in ("victim@example.com", "neighbour@example.com"):
        status, _ = call(
            port,
            SETUP,
            "POST",
            "/api/v1/user/register/",
            {"email": email, "password": PASSWORD, "first_name": "P"},
        )
        assert status in (201, 202)  # 202: registration answers alike for new and taken emails
    # The attacker guesses the victim's password until locked, then goes on, each time claiming
    # another address in X-Forwarded-For.
    attacker = [
        login(port, ATTACKER, "victim@example.com", "wrong", **{"X-Forwarded-For": f"198.51.100.{n}"})
        for n in range(8)
    ]
    neighbour = [login(port, NEIGHBOUR, "neighbour@example.com", PASSWORD) for _ in range(2)]
    return {"attacker": attacker, "neighbour": neighbour}


def test_two_clients_behind_the_proxy_have_separate_throttles_and_lockouts(cache_url):
    env = {"TRUSTED_PROXY_COUNT": "1", "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto", "CACHE_URL": cache_url}
    with serve(workers=2, extra_env={**env, **LIMITS}) as app, nginx_in_front_of(app.base) as port:
        seen = attack_and_neighbour(port)

    attacker = seen["attacker"]
    # Two refused guesses, then the third failure locks (LOGIN_FAILURE_LIMIT=3), then the
    # throttle (6 a minute) runs out: all of it on the attacker's own address.
    assert [status for status, _ in attacker[:2]] == [401, 401], attacker
    assert all(status == 429 for status, _ in attacker[2:]), attacker
    assert {"locked_out", "throttled"} <= {code for _, code in attacker[2:]}, attacker
    # The neighbour, behind the same proxy, is neither locked out nor throttled.
    assert seen["neighbour"] == [(200, None), (200, None)]


def test_without_a_trusted_proxy_count_everyone_is_the_proxy(cache_url):
    env = {"TRUSTED_PROXY_COUNT": "0", "CACHE_URL": cache_url}
    with serve(workers=2, extra_env={**env, **LIMITS}) as app, nginx_in_front_of(app.base) as port:
        seen = attack_and_neighbour(port)

    assert 429 in {status for status, _ in seen["neighbour"]}, seen
