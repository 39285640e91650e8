"""The settings, one module per concern; CustomerManagementApp/settings.py puts them together."""
