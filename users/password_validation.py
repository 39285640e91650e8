"""Password rules beyond Django's own validators (listed in AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError

from users.models import User


class NotOnlyWhitespaceValidator:
    """A password of nothing but spaces (or other blanks) is no password, however long."""

    def validate(self, password: str, user: User | None = None) -> None:
        if not password.strip():
            raise ValidationError("Your password cannot consist only of spaces.", code="password_blank")

    def get_help_text(self) -> str:
        return "Your password cannot consist only of spaces."
