from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiKeyScope(models.TextChoices):
    READ = "read", "Read only"
    READ_WRITE = "read_write", "Read and write"


class ApiKey(models.Model):
    """A key a program sends as `Authorization: Api-Key <key>`. Only its lookup prefix and a
    keyed hash of the whole key are stored (integrations.api_keys); the key itself is shown
    once, when it is made.

    `owner` is the account whose customer book the key reaches: every read of keys goes
    through `api_keys.keys_of`, so scoping keys by workspace later is that selector and a
    data migration from each owner to their workspace."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=16, choices=ApiKeyScope.choices)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Recorded at most once per API_KEY_LAST_USED_PRECISION seconds (not a write per request).
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "api_keys"
        ordering = ("-created_at", "-id")
        verbose_name = "API key"
        indexes = [models.Index(fields=["owner", "revoked_at"], name="api_keys_owner_active")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == ApiKeyScope.READ_WRITE

    def is_usable(self, now: datetime | None = None) -> bool:
        moment = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > moment)
