"""Tasks for the task-layer tests. Each leaves its effect in a file the test reads, so what the
worker process did is visible from outside it."""

import time
from pathlib import Path

from common.tasks import PermanentError, background


def _append(path: str, line: str) -> int:
    with Path(path).open("a") as file:
        file.write(line + "\n")
    return len(Path(path).read_text().splitlines())


@background
def slow_append(path: str, label: str, seconds: float) -> str:
    """Marks its start, works for `seconds`, then marks that it is done."""
    _append(path, f"start {label}")
    time.sleep(seconds)
    _append(path, f"done {label}")
    return label


@background(max_attempts=4, retry_base_seconds=0.3, retry_max_seconds=5)
def flaky(path: str, failures: int) -> int:
    """Fails its first `failures` attempts."""
    attempt = _append(path, f"attempt {time.time()}")
    if attempt <= failures:
        raise RuntimeError(f"attempt {attempt} failed")
    return attempt


def note_give_up(record: object) -> None:
    path = record.args[0]  # type: ignore[attr-defined]
    _append(path, "gave up")


@background(max_attempts=2, retry_base_seconds=0.1, on_give_up=note_give_up)
def always_fails(path: str) -> None:
    _append(path, "attempt")
    raise RuntimeError("the remote end is down")


@background(on_give_up=note_give_up)
def refuses(path: str) -> None:
    _append(path, "attempt")
    raise PermanentError("this input can never work")
