from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_yasg.views import get_schema_view
from rest_framework.permissions import AllowAny

from common.health import HealthCheckApi, ReadinessApi
from common.throttles import throttle_posts

schema_view = get_schema_view(public=True, permission_classes=[AllowAny])

# Swagger UI and ReDoc inject their own style elements, and ReDoc renders in a blob: worker.
docs_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

api_v1: list[URLPattern | URLResolver] = [
    path("user/", include("users.urls.api")),
    path("customers/", include("customers.interface.api.urls")),
    path("", include("integrations.api.urls")),
    path("jobs/", include("customers.interface.api.job_urls")),
    path("health-check/", HealthCheckApi.as_view(), name="health-check"),
    path("health-check/ready/", ReadinessApi.as_view(), name="readiness"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    # Public, like the API it describes; generating it takes ~85 ms, so it is built once per
    # SCHEMA_CACHE_SECONDS and served from the cache (anonymous requests stay cheap).
    re_path(
        r"^swagger\.(?P<format>json|yaml)$",
        schema_view.without_ui(cache_timeout=settings.SCHEMA_CACHE_SECONDS),
        name="schema",
    ),
    path("swagger/", docs_csp(schema_view.with_ui("swagger", cache_timeout=0)), name="swagger-ui"),
    path("redoc/", docs_csp(schema_view.with_ui("redoc", cache_timeout=0)), name="redoc"),
    # The admin's login shares the per-address budget of the web login and `user/token/`.
    path("admin/login/", throttle_posts("token")(admin.site.login)),
    path("admin/", admin.site.urls),
    # Server-rendered pages (session auth): login at "/", then the customer book.
    path("", include("users.urls.view")),
    path("account/passkeys/", include("users.urls.passkeys")),
    path("customer/", include("customers.interface.pages.urls")),
    path("account/", include("integrations.pages.urls")),
]

handler400 = "CustomerManagementApp.exceptions.bad_request"
handler403 = "CustomerManagementApp.exceptions.permission_denied"
handler404 = "CustomerManagementApp.exceptions.page_not_found"
handler500 = "CustomerManagementApp.exceptions.server_error"
