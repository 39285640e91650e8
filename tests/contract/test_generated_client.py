"""A client generated from the served schema does every ordinary call, through real gunicorn.

bravado builds the client from `/swagger.json` at run time and validates every request it
sends and every JSON response body it gets against the schema (an undocumented status, a
field of the wrong type, a null where the schema says string, an error code outside the
enum: each fails the test). The response headers each response declares are checked here
against their declared types, since bravado reads bodies only.
"""

import io
import secrets
import uuid
from datetime import date

from tests.contract.generated_client import Api, failure
from tests.support.server import RunningApp


def test_the_whole_journey_through_the_generated_client(app: RunningApp) -> None:
    anonymous = Api(app)
    email, password = f"{uuid.uuid4().hex[:8]}@example.com", secrets.token_urlsafe(16)

    # register, log in, refresh
    status, body, _ = anonymous.call(
        "user", "user_register_create", data={"email": email, "password": password, "first_name": "Ada"}
    )
    assert status == 202 and body["status"] == "Success"  # the same answer for a taken address
    status, body, headers = anonymous.call(
        "user", "user_token_create", data={"email": email, "password": password}
    )
    assert status == 200 and {"X-RateLimit-Limit", "X-RateLimit-Remaining"} <= set(headers)
    tokens = body["data"]
    status, body, _ = anonymous.call("user", "user_token_refresh_create", data={"refresh": tokens["refresh"]})
    assert status == 200 and body["data"]["access"] != tokens["access"]
    api = Api(app, body["data"]["access"])
    status, body, _ = api.call("user", "user_me_list")
    assert status == 200 and body["data"]["email"] == email

    # create (with an idempotent replay), retrieve, full and partial update, If-Match/412
    new = {"first_name": "José", "phone_number": "+14155550123", "date_of_birth": date(1990, 5, 17)}
    status, body, headers = api.call(
        "customers", "customers_create", data=new, **{"Idempotency-Key": "create-1"}
    )
    assert status == 201 and "Idempotent-Replayed" not in headers
    customer = body["data"]
    assert customer["last_name"] == "" and customer["warnings"] == []
    status, replay, headers = api.call(
        "customers", "customers_create", data=new, **{"Idempotency-Key": "create-1"}
    )
    assert (
        status == 201 and headers["Idempotent-Replayed"] == "true" and replay["data"]["id"] == customer["id"]
    )
    status, body, _ = api.call(
        "customers",
        "customers_create",
        data={**new, "first_name": "Other"},
        **{"Idempotency-Key": "create-1"},
    )
    failure(body, status, 409, "idempotency_key_reused")
    status, body, headers = api.call("customers", "customers_read", customer_id=customer["id"])
    assert status == 200 and body["data"]["full_name"] == "José"
    etag = headers["ETag"]
    status, body, headers = api.call(
        "customers",
        "customers_update",
        customer_id=customer["id"],
        data={
            "first_name": "Ana",
            "last_name": "Lee",
            "phone_number": "+14155550124",
            "date_of_birth": date(1991, 2, 3),
        },
        **{"If-Match": etag},
    )
    assert status == 200 and body["data"]["phone_number"] == "+14155550124"
    status, body, _ = api.call(
        "customers",
        "customers_partial_update",
        customer_id=customer["id"],
        data={"last_name": ""},
        **{"If-Match": etag},
    )
    failure(body, status, 412, "version_mismatch")
    status, body, _ = api.call(
        "customers", "customers_partial_update", customer_id=customer["id"], data={"last_name": "O'Brien"}
    )
    assert status == 200 and body["data"]["full_name"] == "Ana O'Brien"
    status, body, _ = api.call(
        "customers", "customers_update_update", customer_id=customer["id"], data={"last_name": ""}
    )
    assert status == 200 and body["data"]["last_name"] == ""  # the original route's partial PUT

    # history: blank old/new values are served and declared as such
    status, body, _ = api.call("customers", "customers_history_list", customer_id=customer["id"])
    assert status == 200 and body["data"]["count"] == 4
    assert {"field": "last_name", "old": "O'Brien", "new": ""} in body["data"]["results"][0]["changes"]
    status, body, _ = api.call(
        "customers", "customers_history_list", customer_id=customer["id"], cursor="", limit=3
    )
    assert status == 200 and body["data"]["has_more"] and "count" not in body["data"]
    status, body, _ = api.call(
        "customers",
        "customers_history_list",
        customer_id=customer["id"],
        cursor=body["data"]["next_cursor"],
        limit=3,
    )
    assert status == 200 and [e["action"] for e in body["data"]["results"]] == ["created"]

    # CSV import (with its idempotent replay) and export
    csv = "first_name,last_name,phone_number,date_of_birth\nZoë,Ångström,+442079460958,1985-03-04\nLi,Lei,+14155550125,1970-07-08\n"
    upload = {"file": ("customers.csv", io.BytesIO(csv.encode()))}
    status, body, headers = api.call(
        "customers", "customers_import_create", **upload, **{"Idempotency-Key": "import-1"}
    )
    assert status == 201 and body["data"]["created"] == 2 and "Idempotent-Replayed" not in headers
    upload = {"file": ("customers.csv", io.BytesIO(csv.encode()))}
    status, body, headers = api.call(
        "customers", "customers_import_create", **upload, **{"Idempotency-Key": "import-1"}
    )
    assert status == 201 and headers["Idempotent-Replayed"] == "true"
    status, text, headers = api.call("customers", "customers_export_list", ordering="last_name")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    # The header, three customers (none imported twice) and the trailer that counts them.
    assert text.count("\n") == 5 and "Ångström" in text and text.endswith("# complete: 3 customers\r\n")
    status, body, _ = api.call("customers", "customers_export_list", age_min=30, age_max=10)
    failure(body, status, 400, "invalid_range")

    # list: both pagination modes, search, filters and ordering, in cursor mode too
    status, body, _ = api.call("customers", "customers_list", limit=2)
    assert status == 200 and body["data"]["count"] == 3 and body["data"]["has_more"]
    status, body, _ = api.call("customers", "customers_list", limit=2, offset=2)
    assert status == 200 and not body["data"]["has_more"] and body["data"]["next_cursor"] is None
    seen, cursor = [], ""
    while cursor is not None:
        status, body, _ = api.call(
            "customers", "customers_list", pagination="cursor", limit=1, ordering="last_name", cursor=cursor
        )
        assert status == 200
        seen += [c["last_name"] for c in body["data"]["results"]]
        cursor = body["data"]["next_cursor"]
    status, body, _ = api.call("customers", "customers_list", ordering="last_name")
    assert seen == [c["last_name"] for c in body["data"]["results"]] and len(seen) == 3
    status, body, _ = api.call("customers", "customers_list", search="zoe", age_min=18, age_max=60)
    assert status == 200 and [c["first_name"] for c in body["data"]["results"]] == ["Zoë"]
    status, body, _ = api.call("customers", "customers_fetch_all_list", search="lei", cursor="")
    assert status == 200 and [c["first_name"] for c in body["data"]["results"]] == ["Li"]

    # a 409 on a duplicate number, a 400 naming the field, a 404 for an unknown id
    status, body, _ = api.call(
        "customers", "customers_add_create", data={**new, "phone_number": "+442079460958"}
    )
    failure(body, status, 409, "duplicate")
    status, body, _ = api.call("customers", "customers_create", data={**new, "date_of_birth": date.today()})
    assert failure(body, status, 400, "too_young")["errors"][0]["field"] == "date_of_birth"
    status, body, _ = api.call("customers", "customers_read", customer_id=987654321)
    failure(body, status, 404, "not_found")

    # delete, trash (both modes), restore (idempotent), delete through the original route
    status, body, _ = api.call("customers", "customers_delete", customer_id=customer["id"])
    assert status == 200 and body["data"] is None
    status, body, _ = api.call("customers", "customers_trash_list")
    assert status == 200 and [c["id"] for c in body["data"]["results"]] == [customer["id"]]
    status, body, _ = api.call("customers", "customers_trash_list", pagination="cursor")
    assert status == 200 and not body["data"]["has_more"] and body["data"]["results"][0]["deleted_at"]
    status, body, headers = api.call(
        "customers",
        "customers_restore_create",
        customer_id=customer["id"],
        **{"Idempotency-Key": "restore-1"},
    )
    assert status == 200 and body["data"]["id"] == customer["id"] and "Idempotent-Replayed" not in headers
    status, body, headers = api.call(
        "customers",
        "customers_restore_create",
        customer_id=customer["id"],
        **{"Idempotency-Key": "restore-1"},
    )
    assert status == 200 and headers["Idempotent-Replayed"] == "true"
    status, body, _ = api.call("customers", "customers_restore_create", customer_id=customer["id"])
    failure(body, status, 404, "not_found")  # without the key, a second restore finds nothing deleted
    status, body, _ = api.call("customers", "customers_delete_delete", customer_id=customer["id"])
    assert status == 200

    # personal data of a customer in the trash, erase it (an active one is a 409), delete the account
    status, body, _ = api.call("customers", "customers_personal_data_list", customer_id=customer["id"])
    assert status == 200 and body["data"]["customer"]["id"] == customer["id"] and body["data"]["history"]
    status, body, _ = api.call("customers", "customers_list")
    active_id = body["data"]["results"][0]["id"]  # one of the imported customers
    status, body, _ = api.call("customers", "customers_erase_create", customer_id=active_id)
    failure(body, status, 409, "not_in_trash")
    status, body, _ = api.call("customers", "customers_erase_create", customer_id=customer["id"])
    assert status == 200
    status, body, _ = api.call("customers", "customers_personal_data_list", customer_id=customer["id"])
    failure(body, status, 404, "not_found")
    status, body, _ = api.call("user", "user_delete_create", data={"password": password + "x"})
    failure(body, status, 400, "wrong_password")
    status, body, _ = api.call("user", "user_delete_create", data={"password": password})
    assert status == 200
    status, body, _ = api.call("customers", "customers_list")
    assert status == 401  # the account and its tokens are gone

    # a 401 without a token, then log out
    status, body, headers = anonymous.call("customers", "customers_list")
    failure(body, status, 401, "not_authenticated")
    assert headers["WWW-Authenticate"].startswith("Bearer")
    status, body, _ = api.call("user", "user_logout_create", data={"refresh": tokens["refresh"]})
    assert status == 401  # rotated away by the refresh above: blacklisted
