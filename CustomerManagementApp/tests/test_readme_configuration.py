"""The README's table of variables gives the defaults the code uses. The settings are imported in
a clean process that records the default of every variable they read (the project's `.env` left
out, with a database server and Redis configured so that their timeouts are read too);
gunicorn.conf.py and the container's entrypoint are read for theirs."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

# Runs in the clean process: every default django-environ is given, as the README writes it.
RECORD_SETTINGS_DEFAULTS = """
import importlib, json, tempfile
import environ

seen = {}
read = environ.Env.get_value

def recording(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
    seen.setdefault(var, None if default is environ.Env.NOTSET else default)
    return read(self, var, cast=cast, default=default, parse_default=parse_default)

environ.Env.get_value = recording
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
settings = importlib.import_module("CustomerManagementApp.settings")

def as_written(value):
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value))
    text = str(value).replace(str(settings.BASE_DIR) + "/", "")
    return text.replace(tempfile.gettempdir(), "<temp dir>")

print(json.dumps({name: as_written(value) for name, value in seen.items() if value is not None}))
"""


def settings_defaults() -> dict[str, str | None]:
    done = subprocess.run(
        [sys.executable, "-c", RECORD_SETTINGS_DEFAULTS],
        cwd=BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "SECRET_KEY": "readme-defaults-" + "k3y" * 16,
            "DATABASE_URL": "postgres://readme@127.0.0.1:5432/readme",
            "CACHE_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return dict(json.loads(done.stdout))


def gunicorn_defaults() -> dict[str, str | None]:
    """`_int("GUNICORN_X", 30)`, `_bool(...)`, `os.environ.get("GUNICORN_X", "...")`; None for a
    computed default (the worker count), which the README describes in words."""
    found: dict[str, str | None] = {}
    for node in ast.walk(ast.parse((BASE_DIR / "gunicorn.conf.py").read_text())):
        if isinstance(node, ast.Call) and len(node.args) == 2:
            name, default = node.args
            if isinstance(name, ast.Constant) and str(name.value).startswith("GUNICORN_"):
                found[str(name.value)] = str(default.value) if isinstance(default, ast.Constant) else None
    return found


def entrypoint_defaults() -> dict[str, str | None]:
    script = (BASE_DIR / "docker" / "entrypoint.sh").read_text()
    return dict(re.findall(r"\$\{([A-Z_]+):-([^}]*)\}", script))


def _split(cell: str) -> list[str]:
    """A cell's values, separated by `, ` or `; ` outside backticks."""
    pieces, current, quoted = [], "", False
    for index, char in enumerate(cell):
        quoted ^= char == "`"
        if not quoted and char in ",;" and cell[index + 1 : index + 2] == " ":
            pieces.append(current.strip())
            current = ""
        else:
            current += char
    return [*pieces, current.strip()]


def _as_written(piece: str) -> str | None:
    """The value a table entry stands for, in production (DEBUG off); None: said in words."""
    if piece in ("empty", "—"):
        return ""
    if piece == "on when `DEBUG` is off":
        return "True"
    match = re.fullmatch(r"`([^`]*)`(?: when `DEBUG` is off)?", piece)
    return match.group(1) if match else None


def readme_defaults() -> dict[str, str | None]:
    text = (BASE_DIR / "README.md").read_text()
    table = text.split("| variable | default | meaning |", 1)[1].split("\n\n", 1)[0]
    documented: dict[str, str | None] = {}
    for row in table.strip().splitlines()[1:]:
        names_cell, default_cell, meaning = (cell.strip() for cell in row.strip("|").split(" | "))
        if meaning == "compose only":
            continue
        names = re.findall(r"`([A-Z][A-Z0-9_]*)`", names_cell)
        # "(compose: `1`)", "(twice `LOGIN_FAILURE_LIMIT`)": what the default means, not the default.
        default_cell = re.sub(r"\s*\([^)]*\)", "", default_cell)
        pieces = _split(default_cell) if len(names) > 1 else [default_cell]
        assert len(pieces) in (1, len(names)), f"{names}: {len(pieces)} defaults for {len(names)} variables"
        for name, piece in zip(names, pieces * len(names) if len(pieces) == 1 else pieces, strict=False):
            documented[name] = _as_written(piece)
    return documented


def test_every_default_in_the_readme_table_is_the_one_the_code_uses():
    code = {**entrypoint_defaults(), **gunicorn_defaults(), **settings_defaults()}
    documented = readme_defaults()

    assert sorted(set(documented) - set(code)) == [], "documented, but nothing reads it"
    # A default the code computes is described in words (None on both sides); any other is written
    # as the value itself, and must be the code's.
    assert documented == {name: code[name] for name in documented}


def test_the_table_reader_understands_each_way_a_default_is_written():
    assert _split("`15`, `1`") == ["`15`", "`1`"]
    assert _split("`Customer Manager <noreply@localhost>`, empty") == [
        "`Customer Manager <noreply@localhost>`",
        "empty",
    ]
    assert _split("`localhost,127.0.0.1,[::1]`") == ["`localhost,127.0.0.1,[::1]`"]
    assert [_as_written(p) for p in ("`60`", "empty", "—", "on when `DEBUG` is off")] == [
        "60",
        "",
        "",
        "True",
    ]
    assert _as_written("`31536000` when `DEBUG` is off") == "31536000"
    assert _as_written("twice the cores and one, at most 12") is None
