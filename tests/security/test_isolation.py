"""Object-level authorisation (OWASP API1): user B walks every per-customer route of user A's
customer — the API in both route styles and every method, the pages, and the admin — and
learns nothing and changes nothing. Mass assignment is refused everywhere."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from customers.models import Customer
from customers.tests.factories import CustomerFactory
from customers.tests.interface.conftest import client_for
from users.models import User
from users.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_NAME, SECRET_PHONE = "Wilhelmina", "+14155550142"
BODY = {"first_name": "Mallory", "phone_number": "+14155550999", "date_of_birth": "1990-01-01"}

API_ROUTES = [
    ("get", "/api/v1/customers/{id}/"),
    ("put", "/api/v1/customers/{id}/"),
    ("patch", "/api/v1/customers/{id}/"),
    ("delete", "/api/v1/customers/{id}/"),
    ("put", "/api/v1/customers/{id}/update/"),
    ("patch", "/api/v1/customers/{id}/update/"),
    ("delete", "/api/v1/customers/{id}/delete/"),
    ("get", "/api/v1/customers/{id}/history/"),
    ("post", "/api/v1/customers/{id}/restore/"),
    ("post", "/api/v1/customers/{id}/erase/"),
    ("get", "/api/v1/customers/{id}/personal-data/"),
]
PAGE_ROUTES = [
    ("get", "/customer/{id}/modify/"),
    ("post", "/customer/{id}/modify/"),
    ("get", "/customer/{id}/delete/"),
    ("post", "/customer/{id}/delete/"),
    ("get", "/customer/{id}/history/"),
    ("post", "/customer/{id}/restore/"),
    ("get", "/customer/{id}/erase/"),
    ("post", "/customer/{id}/erase/"),
    ("get", "/customer/{id}/personal-data/"),
]
ADMIN_ROUTES = [
    ("get", "/admin/customers/customer/{id}/change/"),
    ("post", "/admin/customers/customer/{id}/change/"),
    ("get", "/admin/customers/customer/{id}/delete/"),
    ("post", "/admin/customers/customer/{id}/delete/"),
    ("get", "/admin/customers/customer/{id}/history/"),
    ("get", "/admin/customers/customer/"),
]


@pytest.fixture
def victim_customer():
    return CustomerFactory(first_name=SECRET_NAME, last_name="Secret", phone_number=SECRET_PHONE)


def snapshot(customer):
    return Customer.objects.filter(pk=customer.pk).values().get()


def assert_nothing_leaked(response):
    text = response.content.decode(errors="replace")
    assert SECRET_NAME not in text and SECRET_PHONE not in text and "4155550142" not in text


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
def test_api_answers_404_exactly_like_a_missing_id(victim_customer, method, path):
    before = snapshot(victim_customer)
    client = client_for(UserFactory())
    theirs = getattr(client, method)(path.format(id=victim_customer.pk), BODY, format="json")
    missing = getattr(client, method)(path.format(id=victim_customer.pk + 10_000), BODY, format="json")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert_nothing_leaked(theirs)
    assert snapshot(victim_customer) == before


@pytest.mark.parametrize(("method", "path"), PAGE_ROUTES)
def test_pages_answer_404_and_change_nothing(victim_customer, method, path):
    before = snapshot(victim_customer)
    client = Client()
    client.force_login(UserFactory())
    response = getattr(client, method)(path.format(id=victim_customer.pk), BODY)
    assert response.status_code == 404
    assert_nothing_leaked(response)
    assert snapshot(victim_customer) == before


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_the_admin_refuses_non_staff_users(victim_customer, method, path):
    before = snapshot(victim_customer)
    client = Client()
    client.force_login(UserFactory(is_staff=False))
    response = getattr(client, method)(path.format(id=victim_customer.pk), BODY)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert_nothing_leaked(response)
    assert snapshot(victim_customer) == before


def test_another_owners_deleted_customer_cannot_be_seen_restored_or_exported(victim_customer):
    Customer.objects.filter(pk=victim_customer.pk).update(deleted_at=timezone.now())
    before = snapshot(victim_customer)
    api = client_for(UserFactory())
    theirs = api.post(f"/api/v1/customers/{victim_customer.pk}/restore/")
    missing = api.post(f"/api/v1/customers/{victim_customer.pk + 10_000}/restore/")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    for path in ("/api/v1/customers/{id}/erase/", "/api/v1/customers/{id}/personal-data/"):
        method = api.post if path.endswith("erase/") else api.get
        theirs, missing = method(path.format(id=victim_customer.pk)), method(path.format(id=0))
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
    assert_nothing_leaked(api.get("/api/v1/customers/trash/"))
    exported = b"".join(api.get("/api/v1/customers/export/").streaming_content).decode()
    assert SECRET_NAME not in exported and SECRET_PHONE not in exported
    page = Client()
    page.force_login(UserFactory())
    assert page.post(f"/customer/{victim_customer.pk}/restore/").status_code == 404
    assert page.post(f"/customer/{victim_customer.pk}/erase/").status_code == 404
    assert page.get(f"/customer/{victim_customer.pk}/personal-data/").status_code == 404
    assert_nothing_leaked(page.get("/customer/trash/"))
    assert snapshot(victim_customer) == before


def test_every_per_customer_route_is_walked():
    """A new per-customer URL must be added to the walk above, or this fails."""
    walked = {path for _, path in API_ROUTES + PAGE_ROUTES}

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    per_customer = {
        "/" + route.replace("<int:customer_id>", "{id}").replace("<int:pk>", "{id}")
        for route in routes(get_resolver().url_patterns)
        if ("<int:customer_id>" in route or "<int:pk>" in route) and not route.startswith("admin/")
    }
    assert per_customer <= walked, per_customer - walked


@pytest.mark.parametrize(
    "field", ["owner", "owner_id", "id", "created_at", "updated_by", "deleted_at", "deleted_by", "version"]
)
def test_mass_assignment_on_customers_is_refused_and_changes_nothing(field):
    alice, bob = UserFactory(), UserFactory()
    mine = CustomerFactory(owner=alice)
    before = snapshot(mine)
    client = client_for(alice)
    assert client.patch(f"/api/v1/customers/{mine.pk}/", {field: bob.pk}, format="json").status_code == 400
    assert snapshot(mine) == before
    created = client.post("/api/v1/customers/", {**BODY, field: bob.pk}, format="json")
    assert created.status_code == 400
    assert not Customer.objects.filter(owner=bob).exists()


@pytest.mark.parametrize("field", ["is_staff", "is_superuser", "is_active", "id", "date_joined"])
def test_mass_assignment_on_registration_is_refused(field):
    response = client_for(UserFactory()).post(
        "/api/v1/user/register/",
        {"email": "new@example.com", "password": "Tr1cky-Passphrase!", "first_name": "New", field: True},
        format="json",
    )
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["errors"]}
    assert not User.objects.filter(email="new@example.com").exists()
