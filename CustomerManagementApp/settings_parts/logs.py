"""Logging: text or JSON, to the console and optionally a file under logs/."""

from django.core.exceptions import ImproperlyConfigured

from CustomerManagementApp.settings_parts.environment import BASE_DIR, env

# --- Logging --------------------------------------------------------------------------------
# Text for people, JSON for log shippers; every line carries the request id. Request bodies,
# query strings and SQL parameters are never logged (they carry tokens and personal data).
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")
LOG_FILE = env.str("LOG_FILE", default="")
_log_handlers: dict[str, dict[str, object]] = {
    "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
}
if LOG_FILE:
    _log_dir = (BASE_DIR / "logs").resolve()
    _log_path = (_log_dir / LOG_FILE).resolve()
    if not _log_path.is_relative_to(_log_dir):
        raise ImproperlyConfigured("LOG_FILE must name a file under logs/.")
    # WatchedFileHandler reopens the file after logrotate moves it; every process appends.
    _log_handlers["file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": str(_log_path),
        "formatter": LOG_FORMAT,
        "filters": ["request_id"],
    }
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "CustomerManagementApp.logging_filters.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {"()": "CustomerManagementApp.logging_filters.JsonFormatter"},
    },
    "handlers": _log_handlers,
    "root": {"handlers": list(_log_handlers), "level": LOG_LEVEL},
    "loggers": {
        # 4xx are already in the access log; keep django.request for 5xx (with traceback).
        "django.request": {"level": "ERROR"},
        # With DEBUG on, this logger writes every SQL statement with its parameters.
        "django.db.backends": {"level": "INFO"},
    },
}
