from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from simple_history.models import HistoricalRecords


class CustomerQuerySet(models.QuerySet["Customer"]):
    def active(self) -> "CustomerQuerySet":
        # IN (TRUE), not =TRUE: the ORM renders the latter as a bare `WHERE is_active`, which
        # planners do not match to the index's second column, so lists sorted the whole book.
        # customers/repositories/hot_reads.py writes the same condition in its SQL.
        return self.filter(is_active__in=[True])

    def owned_by(self, owner_id: int) -> "CustomerQuerySet":
        return self.filter(owner_id=owner_id)


class Customer(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="customers",
        db_index=False,  # the composite indexes below all start with owner
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True, default="")
    phone_number = models.CharField(max_length=16, help_text="E.164, e.g. +14155550123")
    date_of_birth = models.DateField()
    # The full name folded for search (customers.domain.rules.search_name_of: no accents, no
    # case), written by the repository with every name, so every backend compares the same text.
    search_name = models.CharField(max_length=255, blank=True, default="", editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # TRUE while the customer is active, NULL once soft-deleted. Derived by the database from
    # deleted_at, it lets one plain unique index enforce "phone unique among active customers"
    # on every backend: NULLs never collide, and MariaDB has no partial indexes.
    is_active = models.GeneratedField(
        expression=Case(
            When(deleted_at__isnull=True, then=Value(True)),
            default=None,
            output_field=models.BooleanField(null=True),
        ),
        output_field=models.BooleanField(null=True),
        db_persist=True,
    )

    # Incremented by every write; the API's strong ETag and the If-Match / edit-page guard.
    version = models.PositiveIntegerField(default=1)

    objects = CustomerQuerySet.as_manager()

    # The change history (table customers_history). The repository writes with queryset
    # .update(), which sends no signals, so it records each change itself (bulk_history_create)
    # in the same transaction; signals still cover admin and fixture saves. The action is kept in
    # history_change_reason. is_active is derived from deleted_at, so it is not copied.
    history = HistoricalRecords(table_name="customers_history", excluded_fields=["is_active"])

    class Meta:
        db_table = "customers"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "phone_number", "is_active"],
                name="customers_unique_active_phone",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner", "is_active", "-created_at", "-id"],
                name="customers_owner_active_newest",
            ),
            # Also the possible-duplicate read after every create (same folded name and date of
            # birth): a seek, where a common name alone can match hundreds of rows in a big book.
            models.Index(
                fields=["owner", "is_active", "search_name", "date_of_birth"],
                name="customers_owner_name_born",
            ),
            models.Index(
                fields=["owner", "deleted_at"],
                name="customers_owner_deleted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ActiveCustomerCount(models.Model):
    """How many active customers each owner has, kept exact by database triggers on
    `customers` (migration 0002), so a list page reads one row instead of COUNT(*)-ing the
    owner's whole book. Never written from Python: every insert, soft delete, restore,
    owner change and hard delete of a customer, from any code path, adjusts it in the same
    transaction."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    active = models.BigIntegerField(default=0)

    class Meta:
        db_table = "customer_counts"

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.active}"


class CustomerErasure(models.Model):
    """The audit trail of erasures: that customer `customer_id` was erased, by whom,
    when and why, and nothing else. It holds no personal data of the customer: no name, phone
    or date of birth, and no owner (an account deletion erases the owner too)."""

    REASONS = [
        ("owner", "Erased by the owner"),
        ("staff", "Erased by staff"),
        ("retention", "Kept in the trash past the retention period"),
        ("account_deleted", "The owner deleted their account"),
    ]

    customer_id = models.BigIntegerField(db_index=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField()
    reason = models.CharField(max_length=20, choices=REASONS)

    class Meta:
        db_table = "customer_erasures"

    def __str__(self) -> str:
        return f"customer {self.customer_id} erased {self.erased_at:%Y-%m-%d} ({self.reason})"
