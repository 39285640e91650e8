"""Requests to webhook endpoints, safe against server-side request forgery.

A URL must be https and every address its host resolves to must be public: not private,
loopback, link-local, multicast, reserved or unspecified (IPv4 and IPv6, mapped forms too).
The check runs when an endpoint is registered and again at each delivery, and the request
connects to the address that was checked (the name is not resolved a second time), so a DNS
answer that changes between check and connect (rebinding) reaches nothing private.
`WEBHOOKS_ALLOW_PRIVATE_NETWORKS` (development and tests only) allows http and such addresses."""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeUrl(Exception):
    """The URL may not be called; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP the request connects to


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> Target:
    """The address `url` may be called at, or UnsafeUrl."""
    allow_private = bool(settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl("The URL is malformed.") from error
    allowed_schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in allowed_schemes:
        raise UnsafeUrl("Webhook URLs must use https.")
    if not parts.hostname:
        raise UnsafeUrl("The URL has no host.")
    if parts.username or parts.password:
        raise UnsafeUrl("The URL may not carry a user name or password.")
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeUrl("The host name does not resolve.") from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise UnsafeUrl("The host name does not resolve.")
    if not allow_private and not all(_public(a) for a in addresses):
        raise UnsafeUrl("The URL points into a private, loopback or link-local network.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address, with the certificate checked for the URL's host name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._target = target

    def connect(self) -> None:
        sock = socket.create_connection((self._target.address, self._target.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self._target.host)  # type: ignore[attr-defined]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._target = target

    def connect(self) -> None:
        self.sock = socket.create_connection((self._target.address, self._target.port), self.timeout)


@dataclass(frozen=True)
class Outcome:
    status: int | None
    latency_ms: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST `body` to `url` (checked again now); redirects are not followed."""
    started = time.monotonic()
    try:
        target = check_url(url)
    except UnsafeUrl as error:
        return Outcome(None, 0, f"Refused: {error}")
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout=float(settings.WEBHOOKS_TIMEOUT_SECONDS))
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not kept
        return Outcome(response.status, _since(started))
    except TimeoutError:
        return Outcome(None, _since(started), "Timed out")
    except (OSError, http.client.HTTPException) as error:
        return Outcome(None, _since(started), f"{type(error).__name__}: {error}"[:500])
    finally:
        connection.close()


def _since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
