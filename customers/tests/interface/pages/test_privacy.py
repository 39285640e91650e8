"""The privacy pages: "Erase now" from the trash with a confirmation, and the personal-data download."""

import json

import pytest
from django.utils import timezone

from customers.models import Customer, CustomerErasure
from customers.tests.factories import CustomerFactory
from users.tests.pages import logged_in_client, submit

TRASH = "/customer/trash/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(alice):
    return logged_in_client(alice)


def test_erase_now_asks_first_then_erases_with_the_history(client, alice):
    customer = CustomerFactory(owner=alice, first_name="Gone", last_name="Forever")
    submit(client, f"/customer/{customer.pk}/delete/")
    trash = client.get(TRASH).content.decode()
    assert f'href="/customer/{customer.pk}/erase/"' in trash
    confirm = client.get(f"/customer/{customer.pk}/erase/")
    assert confirm.status_code == 200
    assert "Erase Gone Forever permanently?" in confirm.content.decode()
    assert Customer.objects.filter(pk=customer.pk).exists()  # a GET changes nothing

    response = submit(client, f"/customer/{customer.pk}/erase/", follow=True)
    assert response.redirect_chain[-1][0] == TRASH
    assert "Gone Forever was erased permanently, with their history." in response.content.decode()
    assert not Customer.objects.filter(pk=customer.pk).exists()
    assert not Customer.history.filter(id=customer.pk).exists()
    assert CustomerErasure.objects.get().erased_by_id == alice.pk
    assert client.get(f"/customer/{customer.pk}/history/").status_code == 404


def test_an_active_customer_has_no_erase_page(client, alice):
    customer = CustomerFactory(owner=alice)
    assert client.get(f"/customer/{customer.pk}/erase/").status_code == 404
    assert submit(client, f"/customer/{customer.pk}/erase/", form_page=TRASH).status_code == 404
    assert Customer.objects.get(pk=customer.pk).deleted_at is None


def test_the_personal_data_download_is_the_api_export_as_a_file(client, alice):
    customer = CustomerFactory(owner=alice, phone_number="+14155550181")
    edit = client.get(f"/customer/{customer.pk}/modify/").content.decode()
    assert f'href="/customer/{customer.pk}/personal-data/"' in edit
    response = client.get(f"/customer/{customer.pk}/personal-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert (
        response["Content-Disposition"] == f'attachment; filename="customer-{customer.pk}-personal-data.json"'
    )
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["customer"]["phone_number"] == "+14155550181"
    assert [entry["action"] for entry in data["history"]] == ["created"]
    Customer.objects.filter(pk=customer.pk).update(deleted_at=timezone.now())
    trashed = json.loads(client.get(f"/customer/{customer.pk}/personal-data/").content)
    assert trashed["customer"]["deleted_at"]
