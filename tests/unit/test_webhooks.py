"""The pure parts of webhooks: signing and verifying, the URL policy, the retry schedule."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from service.config import Settings
from service.webhooks import UrlRefused, check_url, new_secret, sign, signature_headers, verify
from workers.webhooks import next_attempt

BODY = '{"data": {"article": {"id": 1}}, "type": "article.done"}'


def test_a_signature_is_the_standard_webhooks_hmac_of_id_timestamp_and_body() -> None:
    secret = new_secret()
    key = base64.b64decode(secret.removeprefix("whsec_"))
    assert len(key) == 32
    digest = hmac.new(key, f"msg_1.1700000000.{BODY}".encode(), hashlib.sha256).digest()
    assert (
        sign(secret, message_id="msg_1", timestamp=1700000000, body=BODY)
        == "v1," + base64.b64encode(digest).decode()
    )


def test_verify_accepts_the_signed_request_and_refuses_any_change() -> None:
    secret = new_secret()
    headers = signature_headers(secret, message_id="msg_1", body=BODY, now=1_700_000_000)
    assert verify(secret, headers=headers, body=BODY, now=1_700_000_010)
    assert verify(
        secret, headers={k.upper(): v for k, v in headers.items()}, body=BODY.encode(), now=1_700_000_010
    )
    assert not verify(secret, headers=headers, body=BODY + " ", now=1_700_000_010)
    assert not verify(new_secret(), headers=headers, body=BODY, now=1_700_000_010)
    assert not verify(secret, headers={**headers, "webhook-id": "msg_2"}, body=BODY, now=1_700_000_010)
    assert not verify(secret, headers=headers, body=BODY, now=1_700_000_000 + 301)  # a replay, too late
    assert not verify(secret, headers={"webhook-id": "msg_1"}, body=BODY)
    assert not verify(secret, headers=headers, body=b"\xff" + BODY.encode(), now=1_700_000_010)
    rotated = {**headers, "webhook-signature": f"v1,b2xk {headers['webhook-signature']}"}
    assert verify(secret, headers=rotated, body=BODY, now=1_700_000_010)


def resolver(*addresses: str):  # type: ignore[no-untyped-def]
    return lambda _host, _port: list(addresses)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_a_public_address_is_allowed(address: str) -> None:
    url = "https://hooks.example.com/claimtrack?x=1"
    assert check_url(url, allow_private=False, resolver=resolver(address)) == url


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.251",
     "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "ff02::1"],
)  # fmt: skip
def test_a_host_resolving_to_a_non_public_address_is_refused(address: str) -> None:
    with pytest.raises(UrlRefused, match="public addresses only"):
        check_url(
            "https://hooks.example.com/", allow_private=False, resolver=resolver("93.184.215.14", address)
        )
    assert check_url("https://hooks.example.com/", allow_private=True, resolver=resolver(address))


def test_scheme_credentials_and_unresolvable_hosts_are_refused_even_when_private_is_allowed() -> None:
    with pytest.raises(UrlRefused, match="http and https"):
        check_url("file:///etc/passwd", allow_private=True)
    with pytest.raises(UrlRefused, match="user name or password"):
        check_url("https://token@hooks.example.com/", allow_private=True)
    with pytest.raises(UrlRefused, match="no host"):
        check_url("http:///path", allow_private=True)

    def broken(_host: str, _port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(UrlRefused, match="does not resolve"):
        check_url("https://nowhere.invalid/", allow_private=False, resolver=broken)


def test_retries_back_off_exponentially_with_jitter_and_stop_after_the_window() -> None:
    settings = Settings(
        webhook_retry_base_seconds=10, webhook_retry_max_seconds=3600, webhook_retry_window_seconds=86_400
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for attempts, ceiling in [(1, 10), (2, 20), (3, 40), (10, 3600), (30, 3600)]:
        waits = {
            (next_attempt(settings, attempts=attempts, created_at=start, now=start) - start)
            for _ in range(50)
        }  # type: ignore[operator]
        assert all(timedelta(seconds=ceiling / 2) <= w <= timedelta(seconds=ceiling) for w in waits)
        assert len(waits) > 1  # jittered
    late = start + timedelta(hours=23, minutes=59)
    assert next_attempt(settings, attempts=40, created_at=start, now=late) == start + timedelta(days=1)
    assert next_attempt(settings, attempts=41, created_at=start, now=start + timedelta(days=1)) is None
