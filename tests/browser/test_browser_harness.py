"""The harness itself: offsite requests are caught, and a missing browser skips or fails."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import OffsiteGuard

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def test_a_request_to_another_host_is_aborted_and_recorded(app: Page, offsite_guard: OffsiteGuard):
    # From a page without our Content-Security-Policy, which would block the fetch before it
    # ever became a request: this test is about the network guard behind it.
    app.goto("about:blank")
    outcome = app.evaluate(
        "() => fetch('https://cdn.example.com/lib.js').then(() => 'loaded', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert offsite_guard.blocked == ["https://cdn.example.com/lib.js"]
    offsite_guard.blocked.clear()  # expected here; any other test with an entry fails


def _run_pytest(target: str, output: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REQUIRE_BROWSER")}
    environ.update(env)
    command = [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", target]
    command += ["--output", str(output)]  # pytest-playwright wipes its output folder: not ours
    return subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


NO_CHROMIUM = {"CHROMIUM_PATH": "/nonexistent/chromium"}
NO_AXE = {"AXE_CORE_PATH": "/nonexistent/axe.min.js"}
AXE_TEST = "tests/browser/test_accessibility.py::test_every_page_has_no_serious_accessibility_violation"


@pytest.mark.slow
def test_without_chromium_browser_tests_skip_with_the_reason(tmp_path):
    result = _run_pytest("tests/browser/test_journey.py", tmp_path, **NO_CHROMIUM)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 skipped" in result.stdout and "Chromium not found at /nonexistent/chromium" in result.stdout


@pytest.mark.slow
def test_without_chromium_and_require_browser_the_tests_fail(tmp_path):
    result = _run_pytest("tests/browser/test_journey.py", tmp_path, REQUIRE_BROWSER="1", **NO_CHROMIUM)
    assert result.returncode != 0
    assert "REQUIRE_BROWSER=1 forbids skipping" in result.stdout


def test_without_axe_core_the_accessibility_test_skips_with_the_reason(tmp_path):
    result = _run_pytest(AXE_TEST, tmp_path, **NO_AXE)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "1 skipped" in result.stdout and "axe-core not found at /nonexistent/axe.min.js" in result.stdout


def test_without_axe_core_and_require_browser_the_accessibility_test_fails(tmp_path):
    result = _run_pytest(AXE_TEST, tmp_path, REQUIRE_BROWSER="1", **NO_AXE)
    assert result.returncode != 0
    assert "REQUIRE_BROWSER=1 forbids skipping" in result.stdout
