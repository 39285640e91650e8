"""Account email: every message has a plain-text and an HTML part, both rendered from
templates under `templates/emails/` that extend one base each. Messages leave only after the
transaction that caused them commits, and a mail server that is down or refuses is logged,
never turned into an error page or a 500."""

import logging
import smtplib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

_senders = ThreadPoolExecutor(max_workers=2, thread_name_prefix="email")


def build_email(*, to: str, template: str, context: dict[str, Any]) -> EmailMultiAlternatives:
    context = {"site_name": "Customer Manager", **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def deliver(message: EmailMultiAlternatives) -> bool:
    """Send now; False (and a log line without the message's content) when the server fails."""
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Email %r could not be sent: %s", message.subject, type(error).__name__)
        return False
    return True


def _build_and_deliver(to: str, template: str, context: dict[str, Any]) -> bool:
    return deliver(build_email(to=to, template=template, context=context))


def send_account_email(*, to: str, template: str, context: dict[str, Any]) -> None:
    """Deliver once the current transaction (if any) has committed. In the background both the
    rendering and the delivery leave the request, so an answer takes as long whether or not an
    email was due (a reset for an unknown address looks like one for a known address)."""

    def _send() -> None:
        if settings.EMAIL_SEND_IN_BACKGROUND:
            _senders.submit(_build_and_deliver, to, template, context)
        else:
            _build_and_deliver(to, template, context)

    transaction.on_commit(_send)


def site_url_for(request: Any) -> str:
    """Scheme and host for links in email: SITE_URL, else the address the request came to."""
    return str(settings.SITE_URL or request.build_absolute_uri("/").rstrip("/"))
