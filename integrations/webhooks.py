"""Webhooks: endpoints registered, changed, rotated and deleted here; events recorded after the
change that caused them commits; each delivery a background task, signed, retried with
exponential backoff for about three days, after which the endpoint is turned off and its owner
emailed.

Signature (Stripe's scheme): `Webhook-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" under the endpoint's secret>`; during a rotation's overlap a second `v1=` is
signed with the previous secret."""

import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from common.exceptions import NotFound, ValidationFailed
from common.models import BackgroundTask
from common.tasks import BackgroundTaskDefinition, retry_delay
from customers.domain.ports import CUSTOMER_EVENTS, CustomerEvent
from customers.domain.service_factory import customer_service
from customers.interface.serializers import customer_representation
from integrations import outbound
from integrations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from users.mail import build_email, deliver

logger = logging.getLogger(__name__)

EVENT_TYPES = CUSTOMER_EVENTS
SIGNATURE_HEADER = "Webhook-Signature"
State = WebhookDelivery.State


class WebhookNotFound(NotFound):
    default_message = "Webhook endpoint not found."


class DeliveryNotFound(NotFound):
    default_message = "Delivery not found."


class DeliveryFailed(Exception):
    """The endpoint did not answer 2xx in time; the task layer tries again later."""


# --- signing ------------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(signing_secrets: Iterable[str], timestamp: int, body: bytes) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={sign(s, timestamp, body)}" for s in signing_secrets)])


# --- endpoints ------------------------------------------------------------------------------


def endpoints_of(owner_id: int) -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.filter(owner_id=owner_id)


def endpoint_of(owner_id: int, endpoint_id: int) -> WebhookEndpoint:
    endpoint = endpoints_of(owner_id).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise WebhookNotFound(field="endpoint_id")
    return endpoint


def _checked_url(url: str) -> str:
    try:
        outbound.check_url(url)
    except outbound.UnsafeUrl as error:
        raise ValidationFailed(str(error), code="unsafe_url", field="url") from error
    return url


def _checked_events(events: list[str]) -> list[str]:
    unknown = [e for e in events if e not in EVENT_TYPES]
    if unknown:
        raise ValidationFailed(
            f"Unknown event type {unknown[0]!r}; one of {', '.join(EVENT_TYPES)}.",
            code="invalid_choice",
            field="events",
        )
    if not events:
        raise ValidationFailed("Name at least one event type.", code="required", field="events")
    return [e for e in EVENT_TYPES if e in events]  # each once, in a stable order


def create_endpoint(*, owner_id: int, url: str, events: list[str]) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        owner_id=owner_id, url=_checked_url(url), events=_checked_events(events), secret=new_secret()
    )


def update_endpoint(
    *,
    owner_id: int,
    endpoint_id: int,
    url: str | None = None,
    events: list[str] | None = None,
    enabled: bool | None = None,
) -> WebhookEndpoint:
    endpoint = endpoint_of(owner_id, endpoint_id)
    if url is not None:
        endpoint.url = _checked_url(url)
    if events is not None:
        endpoint.events = _checked_events(events)
    if enabled is not None:
        endpoint.enabled = enabled
        endpoint.disabled_reason = "" if enabled else "Turned off by its owner."
    endpoint.save()
    return endpoint


def delete_endpoint(*, owner_id: int, endpoint_id: int) -> None:
    endpoint_of(owner_id, endpoint_id).delete()


def rotate_secret(*, owner_id: int, endpoint_id: int, overlap_hours: int | None = None) -> WebhookEndpoint:
    """A new signing secret at once; the old one keeps signing beside it (a second `v1=`) for
    `overlap_hours` (default WEBHOOKS_SECRET_OVERLAP_HOURS), so receivers can switch over."""
    endpoint = endpoint_of(owner_id, endpoint_id)
    hours = settings.WEBHOOKS_SECRET_OVERLAP_HOURS if overlap_hours is None else overlap_hours
    endpoint.previous_secret = endpoint.secret if hours > 0 else ""
    endpoint.previous_secret_expires_at = timezone.now() + timedelta(hours=hours) if hours > 0 else None
    endpoint.secret = new_secret()
    endpoint.save()
    return endpoint


def deliveries_of(owner_id: int, endpoint_id: int, limit: int = 100) -> list[WebhookDelivery]:
    endpoint = endpoint_of(owner_id, endpoint_id)
    return list(endpoint.deliveries.select_related("event")[:limit])


def resend(*, owner_id: int, endpoint_id: int, delivery_id: int) -> WebhookDelivery:
    """Send a delivery's event again, as a new delivery (the log keeps both)."""
    endpoint = endpoint_of(owner_id, endpoint_id)
    original = endpoint.deliveries.filter(pk=delivery_id).first()
    if original is None:
        raise DeliveryNotFound(field="delivery_id")
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, event_id=original.event_id)
        deliver_webhook.enqueue(delivery.pk, key=f"webhook-delivery:{delivery.pk}")
    return delivery


# --- events ---------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _object_of(event: CustomerEvent) -> dict[str, Any]:
    service = customer_service()
    if event.customer is not None:
        return customer_representation(event.customer, service.today())
    if event.type == "customer.deleted":
        deleted = service.get_deleted_customer(owner_id=event.owner_id, customer_id=event.customer_id)
        return customer_representation(deleted.customer, service.today()) | {"deleted": True}
    return {"id": event.customer_id, "erased": True}  # nothing of an erased person travels on


def record_event(event: CustomerEvent) -> WebhookEvent | None:
    """Record the event and queue one delivery per enabled endpoint of the owner that takes
    its type; nothing at all when no endpoint does."""
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(owner_id=event.owner_id, enabled=True)
        if event.type in e.events
    ]
    if not endpoints:
        return None
    with transaction.atomic():
        now = timezone.now()
        row = WebhookEvent.objects.create(
            public_id=f"evt_{uuid.uuid4().hex}",
            owner_id=event.owner_id,
            type=event.type,
            created_at=now,
            payload={},
        )
        row.payload = {
            "id": row.public_id,
            "type": event.type,
            "created": int(now.timestamp()),
            # Increases with every event of the site: a receiver applies an object's events in
            # this order and can drop one older than what it has already applied.
            "sequence": row.pk,
            "data": {
                "object": _object_of(event),
                "previous_attributes": {k: _json_value(v) for k, v in event.previous.items()},
            },
        }
        row.save(update_fields=["payload"])
        for endpoint in endpoints:
            delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=row)
            deliver_webhook.enqueue(delivery.pk, key=f"webhook-delivery:{delivery.pk}")
    return row


class WebhookPublisher:
    """The customer services' EventPublisher: events are recorded once the change commits
    (a change that rolls back announces nothing). Recording is robust: should it fail, the
    change has been made and its answer stands; the failure is logged."""

    def publish(self, event: CustomerEvent) -> None:
        transaction.on_commit(lambda: record_event(event), robust=True)


_PUBLISHER = WebhookPublisher()


def webhook_publisher() -> WebhookPublisher:
    return _PUBLISHER


# --- delivery -------------------------------------------------------------------------------


class _WebhookTask(BackgroundTaskDefinition[..., Any]):
    """Attempts and backoff from the WEBHOOKS_* settings, read when a delivery is queued."""

    @property
    def max_attempts(self) -> int:
        return int(settings.WEBHOOKS_MAX_ATTEMPTS)

    def delay_after(self, attempt: int) -> timedelta:
        return retry_delay(
            attempt, float(settings.WEBHOOKS_RETRY_BASE_SECONDS), float(settings.WEBHOOKS_RETRY_MAX_SECONDS)
        )


def attempt_delivery(delivery_id: int) -> dict[str, Any]:
    """One attempt at a delivery. A 2xx answer in time succeeds; anything else is recorded on
    the delivery and raised, for the task layer to try again."""
    delivery = WebhookDelivery.objects.select_related("endpoint", "event").filter(pk=delivery_id).first()
    if delivery is None or delivery.state == State.SUCCEEDED:
        return {"skipped": True}
    endpoint = delivery.endpoint
    if not endpoint.enabled:
        delivery.state = State.SKIPPED
        delivery.error = "The endpoint is turned off."
        delivery.save(update_fields=["state", "error"])
        return {"skipped": True}
    body = json.dumps(delivery.event.payload, separators=(",", ":"), sort_keys=False).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "CustomerManager-Webhooks/1",
        "Webhook-Id": delivery.event.public_id,
        "Webhook-Attempt": str(delivery.attempts + 1),
        SIGNATURE_HEADER: signature_header(endpoint.signing_secrets(), timestamp, body),
    }
    outcome = outbound.post(endpoint.url, body, headers)
    delivery.attempts += 1
    delivery.response_code = outcome.status
    delivery.latency_ms = outcome.latency_ms
    delivery.last_attempt_at = timezone.now()
    delivery.error = outcome.error or ("" if outcome.ok else f"HTTP {outcome.status}")
    delivery.state = State.SUCCEEDED if outcome.ok else State.RETRYING
    if outcome.ok:
        delivery.delivered_at = delivery.last_attempt_at
    delivery.save()
    if not outcome.ok:
        raise DeliveryFailed(delivery.error)
    return {"status": outcome.status, "latency_ms": outcome.latency_ms}


def give_up(record: BackgroundTask) -> None:
    """The last attempt failed: the delivery failed, the endpoint is turned off, its owner told."""
    delivery = WebhookDelivery.objects.select_related("endpoint__owner").filter(pk=record.args[0]).first()
    if delivery is None:
        return
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=State.FAILED)
    endpoint = delivery.endpoint
    reason = f"{record.attempts} attempts failed, the last with: {delivery.error or 'no answer'}"
    changed = WebhookEndpoint.objects.filter(pk=endpoint.pk, enabled=True).update(
        enabled=False, disabled_reason=reason[:200]
    )
    if changed:
        logger.warning("Webhook endpoint %s turned off: %s", endpoint.pk, reason)
        site = settings.SITE_URL
        context = {
            "user": endpoint.owner,
            "endpoint": endpoint,
            "reason": reason,
            "webhooks_link": f"{site}/account/webhooks/{endpoint.pk}/" if site else "",
        }
        deliver(build_email(to=endpoint.owner.email, template="webhook_disabled", context=context))


deliver_webhook = _WebhookTask(
    attempt_delivery, max_attempts=None, retry_base_seconds=None, retry_max_seconds=None, on_give_up=give_up
)
deliver_webhook.name = f"{__name__}.deliver_webhook"  # where the worker finds this definition
