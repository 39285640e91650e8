"""Every `code` an API error item (`errors[].code`) can carry: the one list, with what each means
and the statuses it comes with. The schema publishes it as an enum, the README prints it as a
table (a test keeps the two equal) and the failure envelope refuses to send anything else.

Plain Python: the customers domain names these codes and must not depend on Django.
"""

ERROR_CODES: dict[str, tuple[str, tuple[int, ...]]] = {
    # --- a field's value (serializer syntax or a domain rule) ----------------------------------
    "required": ("The field is missing or empty.", (400,)),
    "null": ("The field may not be null.", (400,)),
    "blank": ("The field may not be blank.", (400,)),
    "invalid": ("The value is malformed (wrong type, format or shape).", (400,)),
    "max_length": ("The value is too long.", (400,)),
    "min_length": ("The value is too short.", (400,)),
    "max_value": ("The number is too large.", (400,)),
    "min_value": ("The number is too small.", (400,)),
    "invalid_choice": ("The value is not one of the allowed choices.", (400,)),
    "null_characters_not_allowed": ("A text value contains a NUL character.", (400,)),
    "surrogate_characters_not_allowed": ("A text value contains a lone surrogate code point.", (400,)),
    "max_string_length": ("A number is written with too many digits.", (400,)),
    "invalid_range": ("A lower bound is above its upper bound.", (400,)),
    "invalid_cursor": ("The cursor was not issued by the API for this listing.", (400,)),
    "unknown_field": ("The body names a field the operation does not have.", (400,)),
    "unknown_fields": ("More fields that cannot be set than are reported one by one.", (400,)),
    "no_fields": ("An update that names no field to change.", (400,)),
    "read_only": (
        "The field exists but a client may not set it; readiness: the database is read-only.",
        (400, 503),
    ),
    "invalid_name": ("A name has characters other than letters, space, - ' and period.", (400,)),
    "invalid_phone": ("Not a valid phone number.", (400,)),
    "invalid_date": ("Not a date (YYYY-MM-DD).", (400,)),
    "future_date": ("A date of birth in the future.", (400,)),
    "too_young": ("The customer is younger than 13.", (400,)),
    "too_old": ("The customer is older than 100.", (400,)),
    "password_too_short": ("The password is shorter than 8 characters.", (400,)),
    "password_too_common": ("The password is a commonly used one.", (400,)),
    "password_entirely_numeric": ("The password is only digits.", (400,)),
    "password_too_similar": ("The password is too similar to the name or email.", (400,)),
    "password_blank": ("The password is only spaces.", (400,)),
    "invalid_password": ("The password breaks a password rule.", (400,)),
    "wrong_password": ("The password given to confirm the action is not the account's.", (400,)),
    "invalid_token": ("The link's token is invalid, expired or already used.", (400,)),
    "invalid_code": ("The two-factor code is wrong or already used.", (400,)),
    "unchanged": ("The new value is the one already set.", (400,)),
    "not_in_future": ("A time that must be in the future (an API key's expiry) is not.", (400,)),
    "unsafe_url": (
        "A webhook URL that is not https, or whose host resolves to a private, loopback or link-local address.",
        (400,),
    ),
    "two_factor_off": ("Two-factor sign-in is not turned on for the account.", (400, 403)),
    # --- the CSV import file -------------------------------------------------------------------
    "invalid_file": ("The file cannot be read as a customer list.", (400,)),
    "not_csv": ("The file is not CSV text.", (400,)),
    "encoding": ("The file is not UTF-8.", (400,)),
    "empty": ("The file has no customer rows.", (400,)),
    "missing_columns": ("The file lacks a required column.", (400,)),
    "too_many_rows": ("The file has more rows than an import takes.", (400,)),
    "duplicate_in_file": ("Two rows of the file share a phone number.", (400,)),
    # --- the request as a whole ----------------------------------------------------------------
    "parse_error": ("The body is not valid JSON (or not valid multipart).", (400,)),
    "too_many_fields": ("A JSON object in the body has more keys than any operation takes.", (400,)),
    "bad_request": ("The request is malformed.", (400,)),
    "not_authenticated": ("No access token was sent.", (401,)),
    "authentication_failed": ("The credentials or token were refused.", (401,)),
    "token_not_valid": ("The token is invalid, expired, revoked or of the wrong type.", (401,)),
    "no_active_account": ("Wrong email or password (the same answer for an unknown account).", (401,)),
    "user_not_found": ("The token's user no longer exists.", (401,)),
    "user_inactive": ("The token's user is deactivated.", (401,)),
    "password_changed": ("The password changed after the token was issued.", (401,)),
    "otp_required": ("The account has two-factor sign-in: send `otp` with the password.", (401,)),
    "invalid_otp": ("The two-factor code or recovery code is wrong or already used.", (401,)),
    "permission_denied": ("Not allowed.", (403,)),
    "insufficient_scope": ("The API key is read-only and the request changes something.", (403,)),
    "email_not_verified": ("The account's email address is not confirmed yet.", (401, 403)),
    "not_found": ("Not found, or not yours (another owner's data looks missing).", (404,)),
    "method_not_allowed": ("The path does not take this method.", (405,)),
    "not_acceptable": ("No response format matches the Accept header.", (406,)),
    "duplicate": ("The phone number (or email) is already in use.", (409,)),
    "conflict": ("The request conflicts with the current state.", (409,)),
    "not_in_trash": ("The customer is active: only a customer in the trash can be erased.", (409,)),
    "idempotency_key_reused": ("The Idempotency-Key was used before with another body.", (409,)),
    "idempotency_in_progress": ("A request with this Idempotency-Key is still running.", (409,)),
    "job_finished": ("The job has already finished, so it cannot be cancelled.", (409,)),
    "version_mismatch": ("If-Match names a version that is no longer current.", (412,)),
    "precondition_failed": ("A precondition of the request does not hold.", (412,)),
    "too_large": ("The body or the uploaded file is too large.", (400, 413)),
    "uri_too_long": ("The request line is longer than the server reads.", (414,)),
    "unsupported_media_type": ("The body's media type is not accepted here.", (415,)),
    "throttled": ("Too many requests; wait for Retry-After seconds.", (429,)),
    "locked_out": ("Too many failed logins for this account or address.", (429,)),
    "server_error": ("An unexpected error; the message names the request id.", (500,)),
    "service_unavailable": ("A dependency (database, cache) is down or hung; see Retry-After.", (503,)),
    "out_of_disk": ("Readiness: the database is out of disk space.", (503,)),
    "incomplete": ("The database lacks something the app needs (e.g. a trigger).", (503,)),
    # --- warnings on success (`data.warnings`), never errors ----------------------------------
    "possible_duplicate": ("Another customer has the same name and date of birth.", (201,)),
}

# What an unlisted code is sent as (and logged), so a client never sees a value the schema hides.
FALLBACK_CODE = "invalid"


def published_code(code: str) -> str:
    return code if code in ERROR_CODES else FALLBACK_CODE
