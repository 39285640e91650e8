"""The bench's machinery: gunicorn on a loopback port, manage.py, plain HTTP calls, and wrk with
its output parsed."""

import itertools
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LUA = ROOT / "bench" / "lua"


# --- processes --------------------------------------------------------------------------------


class Gunicorn:
    """One gunicorn (2 sync workers) on a free loopback port; stopped by its own pid."""

    def __init__(self, app: str, env: dict[str, str], log: Path, probe: str, workers: int = 2) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [
            str(BIN / "gunicorn"), app,
            "--workers", str(workers), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{self.port}", "--backlog", "2048",
            "--log-level", "warning", "--error-logfile", str(log),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + probe, timeout=2).close()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn {app} did not answer on {self.base}{probe}; see {log}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else None,
    )  # fmt: skip
    return done.stdout or ""


# --- HTTP helpers -----------------------------------------------------------------------------


def http(
    method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None = None
) -> tuple[int, Any]:
    """Status and parsed JSON (raw bytes when the body is not JSON)."""
    status, raw = http_raw(method, url, headers, body)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw


def http_raw(
    method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None = None
) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, raw


# --- wrk ----------------------------------------------------------------------------------------

_PHONE_BLOCKS = itertools.count()
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    parsed: dict[str, Any] = {"errors": 0.0, "socket_errors": ""}
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            parsed["rps"] = float(line.split()[1])
        elif match := re.match(r"(\d+) requests in", line):
            parsed["requests"] = float(match.group(1))
        elif match := re.fullmatch(r"(50|99)(?:\.0+)?%\s+(\S+)", line):
            parsed[f"p{match.group(1)}_ms"] = _ms(match.group(2))
        elif line.startswith("Non-2xx or 3xx responses:"):
            parsed["errors"] += float(line.split(":")[1])
        elif line.startswith("Socket errors:"):
            parsed["errors"] += sum(float(n) for n in re.findall(r"\d+", line))
            parsed["socket_errors"] = line.split(":", 1)[1].strip()
    return parsed


def wrk(
    url: str, seconds: int, connections: int, headers: dict[str, str], script: str | None, env: dict[str, str]
) -> dict[str, Any]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(LUA / script)]
    if script == "create.lua":
        # each create run (warm-ups included) takes its own block of +44 7410 numbers
        block = next(_PHONE_BLOCKS)
        if block >= 19:
            raise SystemExit("out of phone number blocks: fewer --repeat or a fresh database")
        env = env | {"BENCH_PHONE_START": str(block * 50_000)}
    done = subprocess.run([*command, url], env=env, check=True, text=True, capture_output=True)
    return parse_wrk(done.stdout)
