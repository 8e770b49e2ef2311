"""Webhooks in the Standard Webhooks style: secrets, signatures, and which URLs may receive.

A secret is ``whsec_`` followed by base64 of 32 random bytes. Every attempt is signed with
``webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">``,
keyed with the secret's decoded bytes (https://www.standardwebhooks.com/). ``verify`` is what
a receiver runs; claimtrack's own tests use it too.

The URL policy (``check_url``): http or https only, no user name or password in the URL, and,
unless ``allow_private`` is set, no host that resolves to a private, loopback, link-local,
multicast, reserved or otherwise non-global address. It is checked when a subscription is made
and again before every attempt, since a name can be pointed elsewhere after it was accepted.
No Flask and no database here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

SECRET_PREFIX = "whsec_"
SIGNATURE_VERSION = "v1"
# How far a receiver lets ``webhook-timestamp`` stray from its clock (replay protection).
DEFAULT_TOLERANCE_SECONDS = 300

Resolver = Callable[[str, int], list[str]]


class UrlRefused(ValueError):
    """A URL the webhook policy does not allow; the message says why, for the client."""


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` and base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _key(secret: str) -> bytes:
    raw = secret.removeprefix(SECRET_PREFIX)
    return base64.b64decode(raw)


def sign(secret: str, *, message_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header value for one attempt: ``v1,<base64 HMAC-SHA256>``."""
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode('ascii')}"


def signature_headers(secret: str, *, message_id: str, body: str, now: float | None = None) -> dict[str, str]:
    """The three Standard Webhooks headers for sending ``body`` now."""
    timestamp = int(now if now is not None else time.time())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id=message_id, timestamp=timestamp, body=body),
    }


def verify(
    secret: str,
    *,
    headers: Mapping[str, str],
    body: str | bytes,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether a received request was signed with ``secret`` within ``tolerance`` seconds.

    ``headers`` are looked up case-insensitively; the signature header may list several
    space-separated signatures (during a secret rotation) and any valid ``v1`` one counts.
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    message_id = lowered.get("webhook-id")
    stamp = lowered.get("webhook-timestamp", "")
    given = lowered.get("webhook-signature", "")
    if not message_id or not stamp.isdigit() or not given:
        return False
    current = now if now is not None else time.time()
    if abs(current - int(stamp)) > tolerance:
        return False
    try:
        text = body.decode("utf-8") if isinstance(body, bytes) else body
    except UnicodeDecodeError:  # claimtrack only ever signs UTF-8 JSON
        return False
    expected = sign(secret, message_id=message_id, timestamp=int(stamp), body=text)
    return any(hmac.compare_digest(expected, candidate) for candidate in given.split())


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (what a connection could reach)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _refused_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # Not global covers private, loopback, link-local and unspecified addresses.
    return not ip.is_global or ip.is_multicast or ip.is_reserved


def check_url(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> str:
    """Return ``url`` if webhooks may be sent to it; raise ``UrlRefused`` saying why not.

    DNS is asked for every address of the host; one refused address refuses the URL. A name
    that does not resolve is refused too (``UrlRefused``), and so is any resolver error.
    """
    try:
        parts = urlsplit(url)
        host, port_given = parts.hostname, parts.port
    except ValueError as exc:
        raise UrlRefused("The URL cannot be read: a malformed host, or a port beyond 65535.") from exc
    if parts.scheme not in ("http", "https"):
        raise UrlRefused("Only http and https URLs can receive webhooks.")
    if parts.username is not None or parts.password is not None:
        raise UrlRefused("The URL must not carry a user name or password; authenticate with the signature.")
    port = port_given or (443 if parts.scheme == "https" else 80)
    if not host:
        raise UrlRefused("The URL has no host.")
    if allow_private:
        return url
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise UrlRefused(f"The host {host} does not resolve.") from exc
    if not addresses:
        raise UrlRefused(f"The host {host} does not resolve.")
    refused = [a for a in addresses if _refused_address(a)]
    if refused:
        raise UrlRefused(
            f"The host {host} resolves to {refused[0]}, a private, loopback, link-local, multicast or "
            "reserved address; webhooks are sent to public addresses only."
        )
    return url
