"""gunicorn.conf.py: every knob from the environment, sensible defaults."""

import os
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
KNOBS = [name for name in os.environ if name.startswith("GUNICORN_")] + ["LOG_FORMAT"]


@pytest.fixture
def load(monkeypatch):
    for name in KNOBS:
        monkeypatch.delenv(name, raising=False)

    def run(**env: str) -> dict:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(CONF))

    return run


def test_defaults(load):
    conf = load()

    cores = len(os.sched_getaffinity(0))
    assert conf["workers"] == min(2 * cores + 1, 12)
    assert conf["bind"] == "0.0.0.0:8000"
    assert (conf["timeout"], conf["graceful_timeout"], conf["keepalive"]) == (30, 30, 5)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (20000, 2000)
    assert conf["preload_app"] is True, "workers fork warm from the master"
    assert conf["accesslog"] is None, "the app writes the access log itself"
    assert conf["control_socket_disable"] is True
    assert "logconfig_dict" not in conf


def test_every_knob_comes_from_the_environment(load):
    conf = load(
        GUNICORN_BIND="127.0.0.1:9001",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="4",
        GUNICORN_TIMEOUT="60",
        GUNICORN_GRACEFUL_TIMEOUT="20",
        GUNICORN_KEEPALIVE="2",
        GUNICORN_MAX_REQUESTS="500",
        GUNICORN_MAX_REQUESTS_JITTER="50",
        GUNICORN_ACCESS_LOG="true",
        GUNICORN_PRELOAD="false",
    )

    assert conf["bind"] == "127.0.0.1:9001"
    assert (conf["workers"], conf["threads"]) == (3, 4)
    assert (conf["timeout"], conf["graceful_timeout"], conf["keepalive"]) == (60, 20, 2)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == (500, 50)
    assert conf["accesslog"] == "-"
    assert conf["preload_app"] is False


def test_json_logs_keep_gunicorns_access_logger_silent(load):
    conf = load(LOG_FORMAT="json")

    assert conf["logconfig_dict"]["loggers"]["gunicorn.access"]["handlers"] == ["null"]
    assert conf["logconfig_dict"]["formatters"]["json"]["()"].endswith("JsonFormatter")
