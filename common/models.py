from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """The first answer to a request sent with an `Idempotency-Key`, for replaying (24 hours).

    A table rather than the cache: the unique (user, key_hash) index is what lets exactly one of
    several simultaneous requests run, on SQLite, PostgreSQL and MariaDB alike, and it survives
    restarts. The key is stored hashed: fixed width for the index, and compared byte for byte
    (MariaDB's default collation would otherwise treat "abc" and "ABC" as one key).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64)
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True)  # null only inside the first request
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "idempotency_keys"
        constraints = [
            models.UniqueConstraint(fields=["user", "key_hash"], name="idempotency_unique_user_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key_hash[:12]}… ({self.response_status})"
