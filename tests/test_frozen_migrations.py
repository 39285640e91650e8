"""Migrations are frozen history: a migration imports Django, third-party libraries and modules
kept in a migrations package for migrations alone, never the project's live code, so editing a
live module cannot rewrite what an old migration does to a database migrated from zero. Live
code, in turn, never imports those migrations-only modules."""

import ast
from pathlib import Path

from django.conf import settings

from customers.migrations import _count_triggers_0002 as frozen_triggers
from customers.repositories import count_triggers

ROOT = Path(settings.BASE_DIR)
PROJECT_PACKAGES = {"CustomerManagementApp", "common", "customers", "users"}


def _imported_modules(source: str, module: str) -> list[str]:
    """Every module a source file imports, relative imports resolved against `module`."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append(f"{base}.{node.module}" if node.module else base)
            else:
                found.append(node.module or "")
    return found


def _is_live_project_code(imported: str) -> bool:
    parts = imported.split(".")
    return parts[0] in PROJECT_PACKAGES and "migrations" not in parts


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _project_files():
    for package in sorted(PROJECT_PACKAGES):
        yield from sorted((ROOT / package).rglob("*.py"))


def _migration_files():
    return [path for path in _project_files() if "migrations" in path.parts]


def test_the_checker_flags_live_imports_and_passes_frozen_ones():
    module = "customers.migrations.0009_example"
    flagged = [
        imported
        for imported in _imported_modules(
            "import users.models\n"
            "from customers.repositories import count_triggers\n"
            "from customers.migrations import _frozen\n"
            "from . import _other\n"
            "from django.db import migrations\n",
            module,
        )
        if _is_live_project_code(imported)
    ]
    assert flagged == ["users.models", "customers.repositories"]


def test_no_migration_imports_live_project_code():
    files = _migration_files()
    assert len(files) >= 10  # the three apps' migrations were found
    offenders = {
        str(path.relative_to(ROOT)): imported
        for path in files
        for imported in _imported_modules(path.read_text(), _module_name(path))
        if _is_live_project_code(imported)
    }
    assert offenders == {}


def test_no_live_module_imports_a_migrations_only_module():
    offenders = {
        str(path.relative_to(ROOT)): imported
        for path in _project_files()
        if "migrations" not in path.parts and "tests" not in path.parts
        for imported in _imported_modules(path.read_text(), _module_name(path))
        if imported.split(".")[0] in PROJECT_PACKAGES and "migrations" in imported.split(".")
    }
    assert offenders == {}


def test_the_live_triggers_are_the_ones_the_latest_migration_installs():
    """`migrate` repairs missing triggers with the live SQL and installs nothing when all are
    present: if the live SQL changes, a new migration (with its own frozen copy) must install it
    on databases that already have the old triggers."""
    assert count_triggers.TRIGGERS == frozen_triggers.TRIGGERS
    assert count_triggers.BACKFILL == frozen_triggers.BACKFILL
