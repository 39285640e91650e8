from drf_yasg import openapi

API_INFO = openapi.Info(
    title="Customer Management API",
    default_version="v1",
    description=(
        "Manage your customer book. Every response, success or failure, is one envelope: "
        "`{status, message, errors, data}` where `errors` is a list of `{field, code, message}`. "
        "Authenticate with a JWT access token from `POST /api/v1/user/token/`, sent as "
        "`Authorization: Bearer <token>`."
    ),
)
