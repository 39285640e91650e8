"""Liveness: cheap, database-free, and the same answer as the documented API view."""

from rest_framework.test import APIRequestFactory

from common.health import HealthCheckApi


def test_health_check_touches_no_database(api_client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert api_client.get("/api/v1/health-check/").status_code == 200


def test_liveness_short_cut_answers_exactly_what_the_api_view_would(api_client, db):
    fast = api_client.get("/api/v1/health-check/")
    view = HealthCheckApi.as_view()(APIRequestFactory().get("/api/v1/health-check/"))
    view.render()
    assert fast.status_code == view.status_code == 200
    assert fast.content == view.content
    assert fast["Content-Type"] == view["Content-Type"] == "application/json"
    assert fast["X-Request-ID"]
    assert api_client.head("/api/v1/health-check/").status_code == 200
    refused = api_client.post("/api/v1/health-check/", {}, format="json")
    assert refused.status_code == 405 and refused.json()["status"] == "Failure"
