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


class WebhookEndpoint(models.Model):
    """An HTTPS address that hears of changes to the owner's customer book, signed with its
    own secret. `owner`, like ApiKey's, is what a workspace migration will replace."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=80, editable=False)
    # After a rotation the old secret still signs (a second `v1=`) until this time.
    previous_secret = models.CharField(max_length=80, blank=True, default="", editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "webhook_endpoints"
        ordering = ("-created_at", "-id")
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return self.url

    def signing_secrets(self, now: datetime | None = None) -> list[str]:
        moment = now or timezone.now()
        secrets = [self.secret]
        if (
            self.previous_secret
            and self.previous_secret_expires_at
            and self.previous_secret_expires_at > moment
        ):
            secrets.append(self.previous_secret)
        return secrets


class WebhookEvent(models.Model):
    """One change to a book, as sent: `payload` is the exact body every endpoint receives."""

    public_id = models.CharField(max_length=40, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)
    payload = models.JSONField()

    class Meta:
        db_table = "webhook_events"
        ordering = ("-id",)

    def __str__(self) -> str:
        return f"{self.type} {self.public_id}"


class WebhookDelivery(models.Model):
    """Sending one event to one endpoint, with the outcome of its latest attempt."""

    class State(models.TextChoices):
        PENDING = "pending"
        RETRYING = "retrying"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        SKIPPED = "skipped"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "webhook_deliveries"
        ordering = ("-id",)
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["endpoint", "-id"], name="webhook_deliveries_endpoint")]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"
