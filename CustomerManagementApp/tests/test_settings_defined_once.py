"""Each setting is assigned in one place: a second assignment further down silently wins over the
first, and whoever edits the first one changes nothing. Extending a list (`+=`, `.insert`) is
fine; a plain `NAME = ...` twice, in one module or across the modules settings.py is built
from, is not."""

import ast
from collections import Counter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]


def settings_sources() -> list[Path]:
    """settings.py and every module it is composed of (test_settings overrides on purpose)."""
    return [PACKAGE / "settings.py", *sorted((PACKAGE / "settings_parts").glob("*.py"))]


def _bound_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _bound_names(element)]
    return []  # a subscript or attribute changes a value, it does not define a name


def module_level_assignments(source: str) -> list[str]:
    """Names given a value by `=` at module level, including inside module-level if/try/with/for
    blocks (not inside functions or classes), once per assignment."""
    names: list[str] = []
    pending: list[ast.stmt] = list(ast.parse(source).body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Assign):
            names += [name for target in node.targets for name in _bound_names(target)]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            names += _bound_names(node.target)
        elif isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try):
            for block in ("body", "orelse", "finalbody"):
                pending += getattr(node, block, [])
            for handler in getattr(node, "handlers", []):
                pending += handler.body
    return names


def test_no_setting_is_assigned_twice():
    counts: Counter[str] = Counter()
    for path in settings_sources():
        counts.update(name for name in module_level_assignments(path.read_text()) if not name.startswith("_"))

    assert [name for name, n in counts.items() if n > 1] == []


def test_the_check_sees_a_setting_assigned_again_further_down():
    source = 'X_FRAME_OPTIONS = "DENY"\nDEBUG = False\nif DEBUG:\n    X_FRAME_OPTIONS = "SAMEORIGIN"\nAPPS = []\nAPPS += ["x"]\n'

    assert Counter(module_level_assignments(source)) == {"X_FRAME_OPTIONS": 2, "DEBUG": 1, "APPS": 1}
