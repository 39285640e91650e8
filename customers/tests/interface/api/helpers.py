"""What the customer API tests share: the list URL, a valid body, the errors by field."""

from common.models import IdempotencyKey
from customers.models import Customer
from customers.tests.dates import birthday_years_ago

LIST = "/api/v1/customers/"


def payload(**overrides):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "phone_number": "+1 415 555 0100",
        "date_of_birth": birthday_years_ago(30).isoformat(),
    } | overrides


def errors_by_field(response):
    return {(e["field"], e["code"]) for e in response.json()["errors"]}


# --- privacy: what is stored about a person --------------------------------------------------

OLD_PHONE, NEW_PHONE = "+14155550161", "+14155550162"


def history_rows(customer_id):
    return Customer.history.filter(id=customer_id).count()


def created_and_trashed(client, **overrides):
    """A customer created, edited (so its history holds an old phone) and deleted, via the API."""
    created = client.post(LIST, payload(phone_number=OLD_PHONE, **overrides), format="json")
    assert created.status_code == 201, created.content
    customer_id = created.json()["data"]["id"]
    assert (
        client.patch(f"{LIST}{customer_id}/", {"phone_number": NEW_PHONE}, format="json").status_code == 200
    )
    assert client.delete(f"{LIST}{customer_id}/").status_code == 200
    return customer_id


def everything_stored_mentions(phone):
    """Whether any table the app writes still holds the phone number anywhere."""
    in_rows = Customer.objects.filter(phone_number=phone).exists()
    in_history = Customer.history.filter(phone_number=phone).exists()
    in_replays = any(
        phone in str(body) for body in IdempotencyKey.objects.values_list("response_body", flat=True)
    )
    return in_rows or in_history or in_replays
