"""Every example the schema publishes is valid against the schema it sits in."""

import copy

from tests.contract.schema_support import operations, validator


def test_every_operation_has_a_success_and_a_failure_example_that_fit_its_schema(schema):
    for path, method, operation, _ in operations(schema):
        label = f"{method.upper()} {path}"
        statuses = {int(status) for status, r in operation["responses"].items() if "examples" in r}
        is_file = operation["responses"].get("200", {}).get("schema", {}).get("type") == "file"
        assert any(s < 300 for s in statuses) or is_file, label  # a file (a CSV) has no JSON example
        assert any(s >= 400 for s in statuses), label
        for status, response in operation["responses"].items():
            for example in response.get("examples", {}).values():
                errors = list(validator(schema, response["schema"]).iter_errors(example))
                assert not errors, (label, status, [e.message for e in errors])
        body = next((p for p in operation["parameters"] if p["in"] == "body"), None)
        if body is not None:
            example = copy.deepcopy(
                schema["definitions"][body["schema"]["$ref"].rsplit("/", 1)[-1]]["example"]
            )
            assert validator(schema, body["schema"]).is_valid(example), (label, example)
