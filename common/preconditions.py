"""Strong ETags from a version number, and `If-Match` read back into the version it names.

The comparison itself happens in the write (`UPDATE … WHERE version = n`), not here."""

import re

from drf_yasg import openapi
from rest_framework.request import Request

from common.exceptions import ValidationFailed

IF_MATCH = "If-Match"
_VERSION_TAG = re.compile(r'"([0-9]{1,9})"')
_ANY_TAG = re.compile(r'(W/)?"[\x21\x23-\x7e]*"')

IF_MATCH_PARAMETER = openapi.Parameter(
    IF_MATCH,
    openapi.IN_HEADER,
    description=(
        'Optional: the ETag from your last GET (e.g. "3"), or `*`. The change is made only if the '
        "customer has not changed since; otherwise 412 and nothing is written. A value that is not "
        "an entity tag is a 400 naming `If-Match`."
    ),
    type=openapi.TYPE_STRING,
    pattern=r'^\s*(\*|(W/)?"[\x21\x23-\x7e]*")\s*$',
    required=False,
)


def etag_for(version: int) -> str:
    return f'"{version}"'


# Versions start at 1: a well-formed tag that cannot be ours (weak, not a number) is required as
# this version, which never matches. Not raising here keeps the order HTTP asks for: a malformed
# body (400) or a missing customer (404) is answered as such, and only then the 412.
NEVER_MATCHES = 0


def expected_version(request: Request) -> int | None:
    """The version `If-Match` requires, or None when there is no condition (absent, or `*`:
    any current version). Anything that is not an entity tag at all: 400 naming the header."""
    raw = request.headers.get(IF_MATCH)
    if raw is None:
        return None
    value = raw.strip()
    if value == "*":
        return None
    match = _VERSION_TAG.fullmatch(value)
    if match:
        return int(match.group(1))
    if _ANY_TAG.fullmatch(value):
        return NEVER_MATCHES
    raise ValidationFailed(
        'If-Match must be one entity tag, e.g. "3" (the ETag of your last GET).',
        code="invalid",
        field=IF_MATCH,
    )
