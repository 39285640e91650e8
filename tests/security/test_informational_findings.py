"""The penetration test's informational findings, where we changed something: quoted email local parts
are refused at registration, the public schema is cheap to fetch, and a client's request id
is echoed only when it is a plain token."""

import pytest
from rest_framework.test import APIClient

from users.models import User


@pytest.mark.django_db
@pytest.mark.parametrize("email", ['"<b>hi</b>"@example.com', '"<script>alert(1)</script>"@example.com'])
def test_a_quoted_local_part_is_refused_at_registration(email):
    response = APIClient().post(
        "/api/v1/user/register/",
        {"email": email, "password": "a-long-unusual-passphrase-42", "first_name": "Eve"},
        format="json",
    )
    assert response.status_code == 400
    assert ("email", "invalid") in {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_public_schema_is_built_once_then_served_from_the_cache(monkeypatch):
    from drf_yasg.generators import OpenAPISchemaGenerator

    builds = []
    real_get_schema = OpenAPISchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        builds.append(1)
        return real_get_schema(self, *args, **kwargs)

    monkeypatch.setattr(OpenAPISchemaGenerator, "get_schema", counted)
    first = APIClient().get("/swagger.json")
    assert first.status_code == 200
    assert first.json()["swagger"] == "2.0"
    for _ in range(5):
        again = APIClient().get("/swagger.json")  # other anonymous clients
        assert again.content == first.content
    assert len(builds) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "echoed"), [("trace-0123456789", True), ("<script>", False), ("a" * 200, False)]
)
def test_a_client_request_id_is_echoed_only_when_it_is_a_plain_token(sent, echoed):
    response = APIClient().get("/api/v1/health-check/", HTTP_X_REQUEST_ID=sent)
    assert (response["X-Request-ID"] == sent) is echoed
