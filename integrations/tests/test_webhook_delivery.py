"""Deliveries by the real worker (`manage.py db_worker`, its own process) to a real HTTP
receiver on loopback: signed as the README's snippet verifies, retried after a 500 and after a
timeout with growing delays, in sequence order, and an endpoint that keeps failing is turned off
and its owner emailed through a real SMTP server."""

import itertools
import json
import re
import time
from pathlib import Path

import pytest

from integrations.tests.receiver import receiver
from tests.support.smtp import smtp_server, text_part
from tests.support.worker import stop, wait_for, worker_host

README = Path(__file__).resolve().parents[2] / "README.md"

SETUP = """
from users.models import User
from integrations import webhooks
user = User.objects.create_user(email={email!r}, password="a-long-password-4321", first_name="Ada")
endpoint = webhooks.create_endpoint(owner_id=user.pk, url={url!r}, events=["customer.created", "customer.updated"])
result = {{"user": user.pk, "endpoint": endpoint.pk, "secret": endpoint.secret}}
"""

CREATE_AND_UPDATE = """
import datetime
from customers.domain.service_factory import customer_service
service = customer_service()
customer = service.create_customer(owner_id={user}, actor_id={user}, first_name="Ada", last_name="Lovelace",
    phone_number={phone!r}, date_of_birth=datetime.date(1990, 5, 17))
for last_name in {updates!r}:
    service.update_customer(owner_id={user}, customer_id=customer.id, actor_id={user}, changes={{"last_name": last_name}})
result = customer.id
"""


def _readme_verifier():
    code = re.search(r"```python\n(.*?def verify_webhook.*?)```", README.read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 (the README's own snippet)
    return namespace["verify_webhook"]


verify_webhook = _readme_verifier()


@pytest.fixture(scope="module")
def mailbox():
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="module")
def host(tmp_path_factory, mailbox):
    with worker_host(
        tmp_path_factory.mktemp("webhooks"),
        WEBHOOKS_ALLOW_PRIVATE_NETWORKS="True",
        WEBHOOKS_TIMEOUT_SECONDS="0.5",
        WEBHOOKS_RETRY_BASE_SECONDS="0.3",
        WEBHOOKS_RETRY_MAX_SECONDS="2",
        WEBHOOKS_MAX_ATTEMPTS="3",
        EMAIL_URL=f"smtp://127.0.0.1:{mailbox.port}",
    ) as host:
        host.start()
        yield host
        for process in host.processes:
            if process.poll() is None:
                stop(process)


_numbers = itertools.count(100)


def owner_with_endpoint(host, url: str) -> dict:
    return host.run_in_app(SETUP.format(email=f"owner{next(_numbers)}@example.com", url=url))


def change(host, owner: dict, *updates: str) -> int:
    phone = f"+1415555{next(_numbers):04d}"
    return host.run_in_app(CREATE_AND_UPDATE.format(user=owner["user"], phone=phone, updates=list(updates)))


def deliveries(host, endpoint_id: int) -> list[tuple]:
    return host.database.query(
        "SELECT state, attempts, response_code, latency_ms, error FROM webhook_deliveries"
        " WHERE endpoint_id = %s ORDER BY id",
        [endpoint_id],
    )


pytestmark = pytest.mark.django_db


def test_deliveries_are_signed_in_order_and_logged(host):
    with receiver() as box:
        owner = owner_with_endpoint(host, box.url)
        customer_id = change(host, owner, "Byron", "King")
        got = box.wait_for(3)
        events = [json.loads(r.body) for r in got]
        assert sorted(e["type"] for e in events) == [
            "customer.created",
            "customer.updated",
            "customer.updated",
        ]
        for request in got:
            assert verify_webhook(request.headers["Webhook-Signature"], request.body, owner["secret"])
            assert not verify_webhook(request.headers["Webhook-Signature"], request.body, "whsec_wrong")
            assert not verify_webhook(
                request.headers["Webhook-Signature"], request.body + b" ", owner["secret"]
            )
            assert request.headers["Webhook-Id"] == json.loads(request.body)["id"]
        ordered = sorted(events, key=lambda e: e["sequence"])
        assert [e["data"]["object"]["last_name"] for e in ordered] == ["Lovelace", "Byron", "King"]
        assert ordered[2]["data"]["previous_attributes"] == {"last_name": "Byron"}
        assert all(e["data"]["object"]["id"] == customer_id for e in events)
        rows = wait_for(
            lambda: (r := deliveries(host, owner["endpoint"])) and all(x[0] == "succeeded" for x in r) and r,
            what="the log",
        )
        assert [(state, attempts, code) for state, attempts, code, _, _ in rows] == [
            ("succeeded", 1, 200)
        ] * 3
        assert all(latency is not None and latency >= 0 for _, _, _, latency, _ in rows)


def test_a_replayed_delivery_fails_the_readme_check_once_it_is_old():
    body = b'{"id":"evt_1"}'
    old = int(time.time()) - 301
    import hashlib
    import hmac

    signature = hmac.new(b"whsec_x", f"{old}.".encode() + body, hashlib.sha256).hexdigest()
    assert not verify_webhook(f"t={old},v1={signature}", body, "whsec_x")
    assert verify_webhook(f"t={old},v1={signature}", body, "whsec_x", tolerance=400)


def test_a_500_and_a_timeout_are_retried_with_growing_delays(host):
    with receiver() as box:
        box.plan = [500, ("sleep", 1.5)]
        owner = owner_with_endpoint(host, box.url)
        change(host, owner)
        got = box.wait_for(3)
        assert len({r.headers["Webhook-Id"] for r in got}) == 1  # the same event each time
        assert [r.headers["Webhook-Attempt"] for r in got] == ["1", "2", "3"]
        gaps = [b.at - a.at for a, b in itertools.pairwise(got)]
        assert gaps[0] >= 0.3 and gaps[1] >= 0.6, gaps  # 0.3 s, doubling (the timeout on top)
        [row] = wait_for(
            lambda: (r := deliveries(host, owner["endpoint"])) and r[0][0] == "succeeded" and r,
            what="success",
        )
        assert row[:3] == ("succeeded", 3, 200)


def test_an_endpoint_that_keeps_failing_is_turned_off_and_its_owner_emailed(host, mailbox):
    with receiver() as box:
        box.plan = [500] * 10
        owner = owner_with_endpoint(host, box.url)
        change(host, owner)
        box.wait_for(3)
        [row] = wait_for(
            lambda: (r := deliveries(host, owner["endpoint"])) and r[0][0] == "failed" and r, what="giving up"
        )
        assert row[:3] == ("failed", 3, 500)
        [(enabled, reason)] = host.database.query(
            "SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = %s", [owner["endpoint"]]
        )
        assert not enabled and "3 attempts failed" in reason
        [message] = [m for m in mailbox.wait_for(1) if box.url in text_part(m)]
        assert "turned off" in message["Subject"] and "turned the endpoint off" in text_part(message)

        change(host, owner)  # a later change is not sent to a turned-off endpoint
        time.sleep(1.0)
        assert len(box.requests) == 3


def test_during_a_rotation_both_secrets_sign(host):
    with receiver() as box:
        owner = owner_with_endpoint(host, box.url)
        new_secret = host.run_in_app(
            "from integrations import webhooks\n"
            f"result = webhooks.rotate_secret(owner_id={owner['user']}, endpoint_id={owner['endpoint']}).secret"
        )
        change(host, owner)
        [request] = box.wait_for(1)
        header = request.headers["Webhook-Signature"]
        assert header.count("v1=") == 2
        assert verify_webhook(header, request.body, new_secret)
        assert verify_webhook(header, request.body, owner["secret"])
