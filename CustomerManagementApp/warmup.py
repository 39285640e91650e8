"""Work every worker would otherwise repeat on its first request, done once in gunicorn's
master before it forks (gunicorn.conf.py `when_ready`, with the app preloaded).

Nothing here touches the database or the cache: the master must not hold connections that
its forked workers would share.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse


def page_templates() -> list[str]:
    """Every template of the project's own pages (the dirs in TEMPLATES, not the apps')."""
    names: list[str] = []
    engine: dict[str, Any] = settings.TEMPLATES[0]
    for directory in engine["DIRS"]:
        root = Path(directory)
        names += sorted(str(path.relative_to(root)) for path in root.rglob("*.html"))
    return names


def warm_up() -> None:
    reverse("customers:dashboard")  # builds the URL resolver's reverse tables
    for name in page_templates():
        get_template(name)  # parsed into the cached loader, shared by every forked worker
