"""What the customer page tests share: the page URLs, a valid form, the dashboard's rows."""

DASHBOARD = "/customer/dashboard/"
CREATE = "/customer/create/"

VALID = {
    "first_name": "José",
    "last_name": "Núñez",
    "phone_number": "+14155550123",
    "date_of_birth": "1990-05-17",
}


def rows(response) -> list:
    return response.context["rows"]


def modify_url(customer) -> str:
    return f"/customer/{customer.pk}/modify/"


def delete_url(customer) -> str:
    return f"/customer/{customer.pk}/delete/"
