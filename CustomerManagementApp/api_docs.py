from drf_yasg import openapi

API_INFO = openapi.Info(
    title="Customer Management API",
    default_version="v1",
    description=(
        "Manage your customer book. Every response, success or failure, is one envelope: "
        "`{status, message, errors, data}` where `errors` is a list of `{field, code, message}`. "
        "Authenticate with a JWT access token from `POST /api/v1/user/token/`, sent as "
        "`Authorization: Bearer <token>` (the `Bearer ` prefix is part of the header value).\n\n"
        "Every response carries `X-Request-ID`. Throttled operations (all but the health probes) "
        "send `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (seconds) for "
        "the tightest limit that counted the request, and a 429 adds `Retry-After`. Creating, "
        "restoring and importing take an optional `Idempotency-Key`. Lists page by limit/offset or "
        "by cursor (`next_cursor`/`previous_cursor`, `has_more`). Each error's `code` is one of "
        "the `ErrorItem.code` enum; the README explains each one."
    ),
)
