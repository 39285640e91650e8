"""Kept apart from users.admin_site: INSTALLED_APPS imports this before any model exists."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "users.admin_site.AccountAdminSite"
