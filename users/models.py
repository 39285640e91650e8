from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField


class UserManager(BaseUserManager["User"]):
    # Not serialised into migrations: a migration must not import live code (it is frozen
    # history), and no data migration needs more than the plain manager's create().
    use_in_migrations = False

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # The whole address is compared case-insensitively: store it lower-cased.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email=self.normalize_email(username))

    def _create(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """An account: people log in with their email address."""

    email = models.EmailField(unique=True, max_length=254)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone_number = PhoneNumberField(blank=True, max_length=32)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set when the owner of the address followed a verification link sent to it.
    email_verified = models.BooleanField(default=False, db_default=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["first_name", "last_name"]

    class Meta:
        db_table = "users"

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email


class UserSession(models.Model):
    """One signed-in browser session of a user, so the profile page can list them and sign
    the others out. The session itself stays in Django's session store; this row points at it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="browser_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        db_table = "user_sessions"
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.user_agent or 'unknown browser'}"


class RevokedToken(models.Model):
    """A denied access token (`jti:<jti>`) or a whole login's token chain (`chain:<id>`,
    every access and refresh token issued from one login through its refreshes). Kept in the
    database so that every worker and host sees it, and a flushed or restarted cache forgets
    nothing; a row is needed only until the last token it covers has expired."""

    key = models.CharField(max_length=80, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "users_revoked_tokens"

    def __str__(self) -> str:
        return self.key
