import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "CustomerManagementApp.settings")

application = get_wsgi_application()

from CustomerManagementApp.warmup import warm_up  # noqa: E402  (needs the app set up)

# Compiled once here: in gunicorn's master when the app is preloaded, so forked workers start warm.
warm_up()
