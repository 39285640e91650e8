"""The floor: the least a Django view can do for the same response.

A bare Django project (no apps, no middleware, no database) whose one view answers a static
JSON body: the exact bytes of the app's 20-row list page when the driver provides them
(FLOOR_BODY_FILE), else a synthetic body of that size. Served by its own gunicorn with the
same worker settings, it is what every endpoint's throughput is compared with.

    gunicorn bench.floor_app:application
"""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path


def _synthetic_body() -> bytes:
    row = {
        "id": 100000,
        "first_name": "Anne-Marie",
        "last_name": "Østergaard",
        "full_name": "Anne-Marie Østergaard",
        "phone_number": "+4915123456789",
        "date_of_birth": "1985-08-18",
        "age": 41,
        "created_at": "2026-10-10T01:13:10.329995Z",
        "updated_at": "2026-10-10T01:13:10.329995Z",
    }
    data = {"count": 100000, "next": "http://127.0.0.1/api/v1/customers/?limit=20&offset=20"}
    data |= {"previous": None, "results": [row] * 20}
    envelope = {"status": "Success", "message": "Customers fetched successfully", "errors": [], "data": data}
    return json.dumps(envelope).encode()


_body_file = os.environ.get("FLOOR_BODY_FILE")
BODY = Path(_body_file).read_bytes() if _body_file else _synthetic_body()

settings.configure(
    DEBUG=False,
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[],
    MIDDLEWARE=[],
    USE_TZ=True,
)


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="application/json")


urlpatterns = [path("floor/", floor)]
application = get_wsgi_application()
