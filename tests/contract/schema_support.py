"""Reading the served schema in the schema tests: its operations, and JSON Schema validators
for what it declares (Swagger 2.0's `x-nullable` translated)."""

from pathlib import Path
from typing import Any

import jsonschema

README = Path(__file__).resolve().parents[2] / "README.md"
METHODS = ("get", "put", "patch", "post", "delete")


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method], item.get("parameters", [])


def to_json_schema(node: Any) -> Any:
    """Swagger 2.0's `x-nullable` as JSON Schema (type or null), for validating examples."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: to_json_schema(value) for key, value in node.items() if key not in ("x-nullable", "example")}
    if node.get("x-nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    if out.get("type") == "file":
        out.pop("type")
    return out


def validator(schema, node):
    root = {"definitions": to_json_schema(schema["definitions"]), **to_json_schema(node)}
    return jsonschema.Draft4Validator(root, format_checker=jsonschema.FormatChecker())
