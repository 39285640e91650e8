"""Fuzz the API with schemathesis against its own served schema, through a real gunicorn.

    .venv/bin/python tests/fuzz/run_schemathesis.py [--max-examples N]

Serves the app on a fresh SQLite database on loopback with production settings (throttles
and lockout raised so the fuzzer explores instead of being refused), registers a user, takes
a real token, creates customers (some deleted, for restore) and runs every schemathesis check
(`--checks all`: no server errors, response schema, status codes, content types, response
headers, negative data rejected, positive data accepted, and the rest) through the examples,
coverage, fuzzing and stateful (links) phases. Path ids are drawn from the real customers most
of the time, so object operations get past the 404. Exits non-zero on any failure.

Narrowings, each with its reason (nothing else is excluded):
- POSITIVE_400_OPERATIONS may answer schema-valid input with a 400, only for the rules Swagger
  2.0 cannot state (tests/fuzz/hooks.py checks the codes); If-Match operations may answer 412
  to a well-formed entity tag that is not the current version, and 400 to a list of tags
  (schemathesis draws If-Match from RFC 9110's grammar, not from the parameter's pattern).
- negative_data_rejection takes 414 as a rejection: a request line over 4 KB is refused whole.
- use_after_free is off: DELETE moves a customer to the trash, where its history (and restore,
  and personal data) stay readable until it is erased; that is the documented product, not a
  leak. Reading an erased customer is a 404, which the erase tests pin.
- The operations that revoke the fuzzer's token or destroy its data run after the rest, each
  on its own, in this order (ALONE_LAST): /customers/{customer_id}/erase/ (it erases the pool's
  customers in the trash for good, after which restore, personal-data and history of them
  could only 404), /user/delete/ (with the right password it deletes the fuzzer's account and
  every customer; then every call would be a documented 401) and /user/logout/ (it revokes the
  fuzzer's own token, after which every other call would be a documented 401).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.support.server import BIN, ROOT, serve

POOL_SIZE = 24
DELETED = 6

# Schema-valid but rule-breaking input is rightly a 400 here: a phone number the phonenumbers
# library rejects, an age outside 13 to 100 today, a weak password, age_min above age_max, a cursor
# the API did not issue, a file that is not a customer CSV, a password that is not the account's, a
# link token the app did not sign. Swagger 2.0 can state none of these.
POSITIVE_400_OPERATIONS = [
    "customers_list",
    "customers_fetch_all_list",
    "customers_export_list",
    "customers_trash_list",
    "customers_history_list",
    "customers_create",
    "customers_add_create",
    "customers_update",
    "customers_partial_update",
    "customers_update_update",
    "customers_update_partial_update",
    "customers_import_create",
    "customers_export_jobs_create",
    "user_register_create",
    # the account's own password (the fuzzer cannot know it), a link token the app signed and
    # emailed, an email address other than the current one
    "user_email_change_create",
    "user_email_verify_create",
    "user_email_verify_resend_create",
    "user_password_change_create",
    "user_password_reset_create",
    "user_password_reset_confirm_create",
    "user_delete_create",
    # an API key's expiry in the past; a webhook URL that is not https or resolves privately
    "api_keys_create",
    "webhooks_create",
    "webhooks_partial_update",
]
IF_MATCH_OPERATIONS = [
    "customers_update",
    "customers_partial_update",
    "customers_update_update",
    "customers_update_partial_update",
    "customers_delete",
    "customers_delete_delete",
]
# Run after everything else, one at a time, in this order (see the docstring).
ALONE_LAST = ["/customers/{customer_id}/erase/", "/user/delete/", "/user/logout/"]
DEFAULT_POSITIVE = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]
NEGATIVE_REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx"]


def _toml_list(values: list) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def config(customer_ids: list[int]) -> str:
    """schemathesis.toml: real ids for `customer_id`, and the narrowings named above."""
    lines = [
        "[dictionaries.customer_ids]",
        f"values = {_toml_list(customer_ids)}",
        "",
        "[parameters]",
        '"path.customer_id" = { dictionary = "customer_ids", probability = 0.9 }',
        "",
        "[checks.negative_data_rejection]",
        f"expected-statuses = {_toml_list([*NEGATIVE_REJECTIONS, '414'])}",
    ]
    for operation_id in sorted(set(POSITIVE_400_OPERATIONS) | set(IF_MATCH_OPERATIONS)):
        statuses = list(DEFAULT_POSITIVE)
        if operation_id in POSITIVE_400_OPERATIONS or operation_id in IF_MATCH_OPERATIONS:
            statuses.append("400")
        if operation_id in IF_MATCH_OPERATIONS:
            statuses.append("412")
        lines += [
            "",
            "[[operations]]",
            f'include-operation-id = "{operation_id}"',
            f"checks.positive_data_acceptance.expected-statuses = {_toml_list(statuses)}",
        ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()

    with serve() as app:
        token = app.register_and_login("fuzzer@example.com")
        ids = []
        for index in range(POOL_SIZE):
            body = {
                "first_name": "Fuzz",
                "phone_number": f"+1415555{index:04d}",
                "date_of_birth": "1990-01-02",
            }
            answer = app.request("POST", "/api/v1/customers/", body, token=token)
            assert answer.status == 201, answer.body
            ids.append(answer.body["data"]["id"])
        for customer_id in ids[:DELETED]:
            assert app.request("DELETE", f"/api/v1/customers/{customer_id}/", token=token).status == 200
        workdir = tempfile.mkdtemp(prefix="cma-fuzz-")
        Path(workdir, "schemathesis.toml").write_text(config(ids))
        command = [
            str(BIN / "st"),
            "run",
            f"{app.base}/swagger.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--exclude-checks",
            "use_after_free",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--max-examples",
            str(args.max_examples),
            "--seed",
            str(args.seed),
            "--workers",
            "2",
            "--no-color",
        ]
        env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks", "PYTHONPATH": str(ROOT)}
        excluded = [argument for path in ALONE_LAST for argument in ("--exclude-path", path)]
        codes = [subprocess.run([*command, *excluded], cwd=workdir, env=env, check=False).returncode]
        # On its own, each has no links to follow: every phase but the stateful one.
        phases = command.index("--phases") + 1
        alone = [*command[:phases], "examples,coverage,fuzzing", *command[phases + 1 :]]
        for path in ALONE_LAST:
            run = subprocess.run([*alone, "--include-path", path], cwd=workdir, env=env, check=False)
            codes.append(run.returncode)
        return next((code for code in codes if code), 0)


if __name__ == "__main__":
    sys.exit(main())
