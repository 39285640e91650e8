"""How long personal data and import uploads are kept."""

import tempfile
from pathlib import Path

from CustomerManagementApp.settings_parts.environment import env

# --- Retention of personal data (README "Data we keep") ---------------------------
# `manage.py purge_expired_data` (hourly) erases what is past these.
# Customers in the trash are erased this many days after their deletion.
CUSTOMER_PURGE_AFTER_DAYS = env.int("CUSTOMER_PURGE_AFTER_DAYS", default=30)
# Where import uploads wait between preview and confirm (private to the app's user, 0600 files);
# with several app hosts, a directory they share, or sticky sessions.
CUSTOMER_IMPORT_UPLOAD_DIR = env.path(
    "CUSTOMER_IMPORT_UPLOAD_DIR", default=str(Path(tempfile.gettempdir()) / "cma-customer-imports")
)
CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES = env.int("CUSTOMER_IMPORT_UPLOAD_MAX_AGE_MINUTES", default=60)
LOGIN_RECORD_RETENTION_DAYS = env.int("LOGIN_RECORD_RETENTION_DAYS", default=30)
# Answers kept for Idempotency-Key replays (they hold the created customer).
IDEMPOTENCY_KEY_TTL_HOURS = env.int("IDEMPOTENCY_KEY_TTL_HOURS", default=24)
