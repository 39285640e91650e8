"""The webhooks pages and admin: add an endpoint and see its secret once, read its delivery
log, resend, rotate, turn off, delete; another user's endpoint is a 404; staff see it all."""

import pytest

from customers.tests.interface.api.helpers import payload
from integrations import webhooks
from integrations.models import WebhookDelivery, WebhookEndpoint
from users.tests.factories import UserFactory
from users.tests.pages import logged_in_client, submit

PAGE = "/account/webhooks/"


def _values() -> dict:
    from datetime import date

    return payload(date_of_birth=date(1990, 5, 17), phone_number="+14155550100")


@pytest.fixture
def ada(db, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    return UserFactory(email="ada@example.com")


def test_the_account_page_links_to_the_webhooks(ada):
    assert PAGE in logged_in_client(ada).get("/account/").content.decode()


def test_adding_an_endpoint_shows_its_secret_once(ada):
    client = logged_in_client(ada)
    response = submit(client, PAGE, {"url": "http://127.0.0.1:9/hooks", "events": ["customer.created"]})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200 and endpoint.secret in response.content.decode()
    again = client.get(PAGE).content.decode()
    assert "http://127.0.0.1:9/hooks" in again and endpoint.secret not in again


def test_an_unsafe_url_is_shown_on_its_field(ada, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    response = submit(
        logged_in_client(ada), PAGE, {"url": "https://127.0.0.1/", "events": ["customer.created"]}
    )
    assert response.status_code == 400
    assert "private, loopback or link-local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_log_resend_rotate_turn_off_and_delete(ada, django_capture_on_commit_callbacks):
    from customers.domain.service_factory import customer_service

    endpoint = webhooks.create_endpoint(
        owner_id=ada.pk, url="http://127.0.0.1:9/", events=["customer.created"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        customer_service().create_customer(owner_id=ada.pk, actor_id=ada.pk, **_values())
    delivery = WebhookDelivery.objects.get()
    client = logged_in_client(ada)
    detail = f"{PAGE}{endpoint.pk}/"
    page = client.get(detail).content.decode()
    assert "customer.created" in page and delivery.event.public_id in page

    assert submit(client, f"{detail}deliveries/{delivery.pk}/resend/", form_page=detail).status_code == 302
    assert WebhookDelivery.objects.filter(event=delivery.event).count() == 2

    rotated = submit(client, f"{detail}rotate/", form_page=detail)
    endpoint.refresh_from_db()
    assert rotated.status_code == 200 and endpoint.secret in rotated.content.decode()
    assert len(endpoint.signing_secrets()) == 2

    submit(client, f"{detail}toggle/", form_page=detail)
    endpoint.refresh_from_db()
    assert endpoint.enabled is False
    assert submit(client, f"{detail}delete/", form_page=detail).status_code == 302
    assert not WebhookEndpoint.objects.exists()


def test_another_users_endpoint_is_a_404(ada):
    theirs = webhooks.create_endpoint(
        owner_id=UserFactory().pk, url="http://127.0.0.1:9/", events=["customer.created"]
    )
    client = logged_in_client(ada)
    assert client.get(f"{PAGE}{theirs.pk}/").status_code == 404
    assert submit(client, f"{PAGE}{theirs.pk}/delete/", form_page=PAGE).status_code == 404
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()


def test_staff_see_endpoints_and_deliveries_in_the_admin(client, ada, django_capture_on_commit_callbacks):
    from customers.domain.service_factory import customer_service

    endpoint = webhooks.create_endpoint(
        owner_id=ada.pk, url="http://127.0.0.1:9/", events=["customer.created"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        customer_service().create_customer(owner_id=ada.pk, actor_id=ada.pk, **_values())
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    endpoints = client.get("/admin/integrations/webhookendpoint/").content.decode()
    assert "http://127.0.0.1:9/" in endpoints and endpoint.secret not in endpoints
    assert "customer.created" in client.get("/admin/integrations/webhookdelivery/").content.decode()
    assert "customer.created" in client.get("/admin/integrations/webhookevent/").content.decode()
    assert (
        endpoint.secret
        not in client.get(f"/admin/integrations/webhookendpoint/{endpoint.pk}/change/").content.decode()
    )
