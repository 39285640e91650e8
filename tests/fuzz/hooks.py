"""schemathesis hooks for this API (loaded through SCHEMATHESIS_HOOKS by run_schemathesis.py).

`positive_data_refused_only_by_rules`: the operations whose schema-valid input may still be
refused with a 400 (see POSITIVE_400_OPERATIONS in run_schemathesis.py) may refuse it only for
a rule Swagger 2.0 cannot state. A 400 naming any other code (`required`, `invalid`,
`max_length`, `unknown_field`, …) means the schema promised something the server refuses, and
fails the run.
"""

import json

import schemathesis

RULES_SWAGGER_CANNOT_STATE = frozenset(
    {
        # a phone number valid for the phonenumbers library; an age of 13 to 100 by birthday today
        "invalid_phone",
        "too_young",
        "too_old",
        "future_date",
        # a bound above its partner parameter
        "invalid_range",
        # a cursor the API issued for this ordering (any string is schema-valid)
        "invalid_cursor",
        # Django's password validators
        "password_too_short",
        "password_too_common",
        "password_entirely_numeric",
        "password_too_similar",
        # a CSV file's contents
        "invalid_file",
        "not_csv",
        "encoding",
        "empty",
        "missing_columns",
        "too_many_rows",
        "duplicate_in_file",
        "invalid_date",
        "invalid_name",
        "required",
        # the account's own password, a token the app signed and emailed, an address that is not
        # the current one
        "wrong_password",
        "invalid_token",
        "unchanged",
        # an API key's expiry after now; a webhook URL whose host resolves to public addresses
        "not_in_future",
        "unsafe_url",
    }
)


@schemathesis.check
def positive_data_refused_only_by_rules(ctx, response, case):  # type: ignore[no-untyped-def]
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    try:
        errors = json.loads(response.content)["errors"]
    except (ValueError, KeyError, TypeError) as error:
        raise AssertionError(f"A 400 without the envelope: {response.content[:200]!r}") from error
    # schemathesis draws If-Match from RFC 9110's grammar (lists of tags included) whatever the
    # parameter's pattern says; the server takes one entity tag, as that pattern states. Django's
    # EmailValidator is stricter than JSON Schema's `email` format (IP-literal domains, some
    # quoted local parts), and no Swagger 2.0 pattern states it exactly.
    # A `format: date` parameter has no minimum or maximum in Swagger 2.0: the list refuses the
    # calendar's first and last day for `created_from`/`created_to` (a day's bounds would fall
    # outside it), and the message states the range.
    allowed = {("If-Match", "invalid"), ("email", "invalid"), ("new_email", "invalid")}
    # An API key's name of blanks only is blank once trimmed (Swagger 2.0 has no "not only blanks").
    allowed |= {("name", "blank")}
    allowed |= {
        (name, code) for name in ("created_from", "created_to") for code in ("min_value", "max_value")
    }
    codes = {item["code"] for item in errors if (item["field"], item["code"]) not in allowed}
    unexplained = codes - RULES_SWAGGER_CANNOT_STATE
    if case.operation.definition.raw.get("operationId") != "customers_import_create":
        unexplained |= codes & {"required", "invalid_name", "invalid_date"}
    if unexplained:
        raise AssertionError(f"Schema-valid input refused for {sorted(unexplained)}: {errors}")
    return None
