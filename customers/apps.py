from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "customers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The composition root: the domain's service factory learns which repository,
        # clock and phone region to use. Nothing is built here; factories run per call.
        from django.conf import settings
        from django.utils import timezone

        from customers.domain import service_factory
        from customers.repositories.repo_factories import customer_repository

        service_factory.configure(
            repository=customer_repository,
            today=timezone.localdate,
            default_region=lambda: settings.PHONENUMBER_DEFAULT_REGION,
        )
