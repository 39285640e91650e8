"""The JSON API: DRF, JWT lifetimes, throttle rates and the published schema."""

from datetime import timedelta

from CustomerManagementApp.settings_parts.environment import env
from CustomerManagementApp.settings_parts.security import TRUSTED_PROXY_COUNT

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "users.authentication.RevocableJWTAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["CustomerManagementApp.renderers.EnvelopeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["common.parsers.LimitedJSONParser"],
    "EXCEPTION_HANDLER": "CustomerManagementApp.exceptions.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": None,
    "DEFAULT_THROTTLE_CLASSES": [
        "common.throttles.AnonThrottle",
        "common.throttles.UserThrottle",
        "common.throttles.UserAddressThrottle",
        "common.throttles.ScopedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="60/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        # All users on one address together: more accounts do not buy a bigger budget.
        "user_address": env.str("THROTTLE_USER_ADDRESS", default="1200/min"),
        "token": env.str("THROTTLE_TOKEN", default="10/min"),
        "refresh": env.str("THROTTLE_REFRESH", default="30/min"),
        "register": env.str("THROTTLE_REGISTER", default="5/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=1)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "ALGORITHM": "HS256",
    "AUTH_HEADER_TYPES": ("Bearer",),
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    # Tokens carry a digest of the password hash: changing the password revokes them all.
    "CHECK_REVOKE_TOKEN": True,
    "REVOKE_TOKEN_CLAIM": "pwd",
}

# The generated schema is served from the cache for this long (it changes only with a deploy).
SCHEMA_CACHE_SECONDS = env.int("SCHEMA_CACHE_SECONDS", default=600)

SWAGGER_SETTINGS = {
    "USE_SESSION_AUTH": False,
    "LOGIN_URL": "/",
    "LOGOUT_URL": "/user/logout/",
    "SECURITY_DEFINITIONS": {
        "Bearer": {
            "type": "apiKey",
            "name": "Authorization",
            "in": "header",
            "description": (
                "JWT access token from `POST /api/v1/user/token/`. The header value is the word "
                "`Bearer`, a space and the token: `Authorization: Bearer eyJhbGciOi…`."
            ),
        }
    },
    "DEFAULT_INFO": "CustomerManagementApp.api_docs.API_INFO",
    "DEFAULT_GENERATOR_CLASS": "common.schema_contract.ContractSchemaGenerator",
    # Swagger UI opens each body and response on its example; vendor extensions (x-links,
    # x-nullable) stay in the schema for tools and out of the page.
    "DEFAULT_MODEL_RENDERING": "example",
    "SHOW_EXTENSIONS": False,
    "DEFAULT_FIELD_INSPECTORS": [
        "common.schema_inspectors.StrictInputInspector",
        "common.schema_inspectors.SchemaHintInspector",
        "drf_yasg.inspectors.CamelCaseJSONFilter",
        "drf_yasg.inspectors.RecursiveFieldInspector",
        "drf_yasg.inspectors.ReferencingSerializerInspector",
        "drf_yasg.inspectors.ChoiceFieldInspector",
        "drf_yasg.inspectors.FileFieldInspector",
        "drf_yasg.inspectors.DictFieldInspector",
        "drf_yasg.inspectors.JSONFieldInspector",
        "drf_yasg.inspectors.HiddenFieldInspector",
        "drf_yasg.inspectors.RelatedFieldInspector",
        "drf_yasg.inspectors.SerializerMethodFieldInspector",
        "drf_yasg.inspectors.SimpleFieldInspector",
        "drf_yasg.inspectors.StringDefaultFieldInspector",
    ],
}
