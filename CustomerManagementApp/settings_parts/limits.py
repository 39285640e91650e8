"""How much a request, an upload and a customer import may carry."""

from CustomerManagementApp.settings_parts.environment import env

# --- Request size ---------------------------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
# The anonymous account endpoints (register, token, refresh, logout) take a few short fields.
AUTH_MAX_BODY_BYTES = env.int("AUTH_MAX_BODY_BYTES", default=16 * 1024)
# More keys in one JSON object than any operation accepts is refused while parsing (common/parsers.py).
JSON_MAX_OBJECT_KEYS = 50

# --- Customer import and export --------------------------------------------------
CUSTOMER_IMPORT_MAX_BYTES = env.int("CUSTOMER_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
CUSTOMER_IMPORT_MAX_ROWS = env.int("CUSTOMER_IMPORT_MAX_ROWS", default=20_000)
# The largest file any form takes; larger uploads stop before they are stored (common/uploads.py).
UPLOAD_MAX_BYTES = CUSTOMER_IMPORT_MAX_BYTES
FILE_UPLOAD_HANDLERS = [
    "common.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
