"""Reading the emails Django's test outbox (locmem backend) received."""

import re

from django.core import mail


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def link_from(message, path_prefix: str) -> str:
    """The path of the link starting with `path_prefix` in the text part, checked against the HTML part."""
    found = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", message.body)
    assert found, f"no {path_prefix} link in:\n{message.body}"
    html = dict((mime, content) for content, mime in message.alternatives)["text/html"]
    assert found.group(1) in html, "the HTML part carries a different link"
    return found.group(1)
