"""Deployment checks of our own, run by `manage.py check --deploy`."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, Tags.security, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Throttle counters and token state must be shared by every worker and host."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                "The default cache is per process, so every gunicorn worker and host keeps its own "
                "throttle counters and token state.",
                hint="Set CACHE_URL=redis://HOST:6379/0 (shared by every worker and host).",
                id="common.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_trusted_proxy_count(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A proxy header is configured, so a proxy is in front: with TRUSTED_PROXY_COUNT at 0 every
    client would be the proxy's address, sharing one throttle and one lockout."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXY_COUNT == 0:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER says a proxy is in front of the app, but TRUSTED_PROXY_COUNT "
                "is 0: every client then has the proxy's address, so one client's failed logins "
                "lock everyone out and the per-address throttles apply to the whole site at once.",
                hint=(
                    "Set TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For "
                    "(1 for one TLS proxy or load balancer)."
                ),
                id="common.W002",
            )
        ]
    return []
