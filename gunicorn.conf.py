"""gunicorn settings, read from the environment (`gunicorn -c gunicorn.conf.py ...`).

On SIGTERM gunicorn stops accepting connections, lets each worker finish its requests for up
to `graceful_timeout` seconds, then exits 0; the orchestrator's stop grace period must be longer.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


def _cores() -> int:
    """CPUs this process may run on (a container's cpuset, not the whole host)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# In a container the app listens on every interface of its own network namespace.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: 2 x cores + 1 is gunicorn's rule of thumb; the cap keeps a big host from
# opening more database connections than PostgreSQL allows.
workers = _int("GUNICORN_WORKERS", min(2 * _cores() + 1, 12))
# Two threads make each worker a gthread worker, whose heartbeat does not wait for a request:
# a long response (a big export to a slow client) runs past `timeout` instead of being killed
# halfway. A sync worker (GUNICORN_THREADS=1) is killed at `timeout`, mid-download; the export's
# trailer line then tells the client the file is incomplete.
threads = _int("GUNICORN_THREADS", 2)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak cannot grow forever; jitter keeps them from
# all restarting at once. A worker answers 1,000 requests a second or more, so a recycle every
# 1,000 requests (a common default) would restart each one every second: see preload_app.
max_requests = _int("GUNICORN_MAX_REQUESTS", 20000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 2000)

# gunicorn answers a request line over `limit_request_line` with its own HTML 414; the app
# answers lines over 4 KB with the API's JSON envelope itself (RequestLineLimitMiddleware), so
# gunicorn's limit sits at its maximum, above the app's. Lines over 8 KB still get gunicorn's.
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 8190)

# The app writes one access line per request itself (with the request id and user id, and
# without the query string, which gunicorn's line would include).
_access_log = _bool("GUNICORN_ACCESS_LOG", False)
accesslog = "-" if _access_log else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
if os.environ.get("LOG_FORMAT") == "json":
    # gunicorn's own lines in the app's JSON shape, so a log shipper reads one format. A
    # logconfig_dict turns gunicorn's access logger on, so it gets a null handler unless asked for.
    logconfig_dict = {
        "root": {"level": "INFO", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["console" if _access_log else "null"],
                "propagate": False,
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "null": {"class": "logging.NullHandler"},
        },
        "formatters": {"json": {"()": "CustomerManagementApp.logging_filters.JsonFormatter"}},
    }
# Heartbeat files in memory: a container's disk-backed /tmp can stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The master imports the app once and forks warm workers: a worker recycled by max_requests
# starts in milliseconds instead of re-importing Django, DRF and the project (about a second of
# CPU, which at 1,000 requests per recycle cost every request a millisecond under load), and
# the workers share the imported code's memory (and the URL resolver and page templates that
# CustomerManagementApp/wsgi.py compiles at import). Nothing connects at import time; post_fork
# still drops any database or cache connection a worker could have inherited.
preload_app = _bool("GUNICORN_PRELOAD", True)


def post_fork(server: object, worker: object) -> None:
    if preload_app:
        from django.core.cache import caches
        from django.db import connections

        connections.close_all()
        caches.close_all()


# gunicorn's control socket defaults to one path per user under $HOME: two servers on one host
# would share it, and a container's read-only home cannot hold it. Off unless a path is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
