"""The warm-up that gunicorn's master runs before forking: templates compiled, no connection."""

from django.template import engines

from CustomerManagementApp.warmup import page_templates, warm_up


def test_every_page_template_is_compiled_without_touching_the_database():
    # No db fixture: pytest-django fails any database access in this test.
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()

    warm_up()

    names = page_templates()
    assert {"base.html", "customers/dashboard.html", "users/login.html"} <= set(names)
    compiled = {key.split("-")[0] for key in loader.get_template_cache}
    assert set(names) <= compiled
