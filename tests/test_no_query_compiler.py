"""No project module reaches into Django's query compiler (`get_compiler`, `setup_query`,
`compiler.select`, `get_converters`, `apply_converters`, the backend's converter table, or
`django.db.models.sql`): none of it is documented, and any minor release may change it. Hand
SQL goes through common.model_reads, which uses documented APIs only."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT = ("CustomerManagementApp", "bench", "common", "customers", "tests", "users")
COMPILER_ATTRIBUTES = frozenset(
    {"get_compiler", "setup_query", "get_converters", "apply_converters", "results_iter"}
)


def _uses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            if node.attr in COMPILER_ATTRIBUTES:
                found.append(node.attr)
            elif node.attr == "select" and "compiler" in ast.unparse(node.value).lower():
                found.append("compiler.select")
            elif node.attr == "get_db_converters" and ast.unparse(node.value).endswith("ops"):
                found.append("ops.get_db_converters")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.db.models.sql"):
            found.append(node.module or "")
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("django.db.models.sql")]
    return found


def test_the_checker_finds_each_use():
    source = (
        "from django.db.models.sql.compiler import SQLCompiler\n"
        "compiler = qs.query.get_compiler(connection=connection)\n"
        "compiler.setup_query()\n"
        "columns = [c for c, *_ in compiler.select]\n"
        "rows = compiler.apply_converters(rows, compiler.get_converters(columns))\n"
        "connection.ops.get_db_converters(expression)\n"
        "field.get_db_converters(connection)\n"  # the field's documented hook: allowed
    )
    assert sorted(_uses(source)) == sorted(
        [
            "django.db.models.sql.compiler",
            "get_compiler",
            "setup_query",
            "compiler.select",
            "apply_converters",
            "get_converters",
            "ops.get_db_converters",
        ]
    )


def test_no_project_module_uses_the_query_compiler():
    files = [path for package in PROJECT for path in sorted((ROOT / package).rglob("*.py"))]
    assert any(path.name == "model_reads.py" for path in files)
    uses = {str(path.relative_to(ROOT)): found for path in files if (found := _uses(path.read_text()))}
    assert uses == {}
