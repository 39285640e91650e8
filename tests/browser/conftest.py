"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

- No browser (or no axe-core) → the tests skip with the reason; with REQUIRE_BROWSER=1 (CI)
  they fail instead, so a green run always means the browser really ran.
- Every request to a host other than 127.0.0.1/localhost is aborted and fails the test.
- A failing test leaves a full-page screenshot in test-results/.
"""

import os

# Playwright's sync API keeps an event loop running in the main thread; Django's ORM would
# refuse to run "inside" it without this (playwright-pytest #29, #46). Set before Django loads.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_SCRIPT = Path(os.environ.get("AXE_CORE_PATH", ROOT / "node_modules" / "axe-core" / "axe.min.js"))
RESULTS_DIR = ROOT / "test-results"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def skip_or_fail(reason: str) -> None:
    """Skip, unless REQUIRE_BROWSER=1 says a missing tool is a failure (as in CI)."""
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SCRIPT.exists():
        skip_or_fail(f"axe-core not found at {AXE_SCRIPT}: run `npm ci`")
    return AXE_SCRIPT.read_text(encoding="utf-8")


class OffsiteGuard:
    """Aborts and records every request that leaves this machine."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def __call__(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def offsite_guard(context) -> OffsiteGuard:
    guard = OffsiteGuard()
    context.route("**/*", guard)
    return guard


@pytest.fixture
def app(request, page, live_server, transactional_db, offsite_guard) -> Iterator:
    """A page on the live server (relative paths work in `goto`); offsite requests fail the test."""
    page.set_default_timeout(10_000)
    page.context.set_default_navigation_timeout(15_000)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"{request.node.name}.png"), full_page=True)
    assert not offsite_guard.blocked, f"the browser tried to reach other hosts: {offsite_guard.blocked}"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, live_server) -> dict:
    return {**browser_context_args, "base_url": live_server.url, "viewport": {"width": 1280, "height": 900}}
