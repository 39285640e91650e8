"""The cache (CACHE_URL) and what readiness and 503 answers tell clients."""

from CustomerManagementApp.settings_parts.environment import env

# --- Cache ------------------------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # A down or hung Redis costs a request at most these many seconds (redis-py has no timeout
    # by default), then the request meets the outage rule of its cache use (README, "Outages").
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {
            "SOCKET_CONNECT_TIMEOUT": env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
            "SOCKET_TIMEOUT": env.float("CACHE_READ_TIMEOUT", default=0.5),
        }
    )
# Readiness reports a SQLite database whose disk has less free space than this as out of disk.
READINESS_MIN_FREE_MB = env.int("READINESS_MIN_FREE_MB", default=64)
# Seconds a 503 (a dependency unavailable) tells clients to wait before retrying.
SERVICE_UNAVAILABLE_RETRY_AFTER = env.int("SERVICE_UNAVAILABLE_RETRY_AFTER", default=5)
