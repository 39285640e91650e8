from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    """What programs use to work with a customer book: API keys (and, later, webhooks)."""

    name = "integrations"
    default_auto_field = "django.db.models.BigAutoField"
