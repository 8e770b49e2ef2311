"""Sending webhook deliveries: claim due outbox rows, POST them signed, record what happened.

``send_due`` is what every runner calls (the Celery sweep task on a beat, the embedded
runner's webhook thread); ``deliver`` sends one delivery by id (the Celery task sent right
after the change is committed). Both are idempotent: a delivery is sent only by the worker
that claimed it, and a delivered or failed one is never claimed again.

An attempt succeeds on a 2xx answer. Anything else (another status, a timeout, a refused
connection, an address the URL policy refuses now) is retried with exponential backoff and
jitter until ``webhook_retry_window_seconds`` after the event, then the delivery is
``failed``. Redirects are not followed: a receiver could otherwise point the request at an
address the policy refuses.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import datetime, timedelta

import requests
from sqlmodel import Session

from service.config import Settings
from service.db import get_engine
from service.models import utcnow
from service.repo.webhooks import Claimed, claim_due, record_attempt
from service.webhooks import UrlRefused, check_url, signature_headers

log = logging.getLogger(__name__)

USER_AGENT = "claimtrack-webhooks/1"


def next_attempt(
    settings: Settings, *, attempts: int, created_at: datetime, now: datetime
) -> datetime | None:
    """When to try again after ``attempts`` failed attempts, or None to give up.

    The wait doubles from ``webhook_retry_base_seconds`` up to ``webhook_retry_max_seconds``,
    with "equal jitter" (between half and all of it) so receivers that come back are not hit
    by every sender at once; the last try is at the end of the retry window.
    """
    deadline = created_at + timedelta(seconds=settings.webhook_retry_window_seconds)
    if now >= deadline:
        return None
    ceiling = min(
        settings.webhook_retry_max_seconds, settings.webhook_retry_base_seconds * 2 ** (attempts - 1)
    )
    wait = ceiling / 2 + random.uniform(0, ceiling / 2)
    return min(now + timedelta(seconds=wait), deadline)


def attempt(
    settings: Settings, claimed: Claimed, *, http: requests.Session
) -> tuple[bool, int | None, str | None]:
    """POST one claimed delivery; return ``(delivered, status code, error)``. Never raises."""
    try:
        check_url(claimed.url, allow_private=settings.webhook_allow_private)
    except UrlRefused as exc:
        return False, None, str(exc)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **signature_headers(claimed.secret, message_id=claimed.message_id, body=claimed.body),
    }
    try:
        response = http.post(
            claimed.url,
            data=claimed.body.encode("utf-8"),
            headers=headers,
            timeout=(settings.webhook_connect_timeout_seconds, settings.webhook_read_timeout_seconds),
            allow_redirects=False,
        )
        response.close()
    except requests.RequestException as exc:
        return False, None, f"{type(exc).__name__}: could not reach the receiver"
    except Exception as exc:  # a URL the HTTP client cannot use must not stop the other sends
        log.warning("webhook delivery %s: %s", claimed.id, type(exc).__name__)
        return False, None, f"{type(exc).__name__}: the request could not be made"
    if 200 <= response.status_code < 300:
        return True, response.status_code, None
    return False, response.status_code, f"the receiver answered {response.status_code}"


def _send(settings: Settings, session: Session, http: requests.Session, claimed: list[Claimed]) -> int:
    delivered = 0
    for item in claimed:
        ok, status_code, error = attempt(settings, item, http=http)
        retry_at = (
            None
            if ok
            else next_attempt(settings, attempts=item.attempts, created_at=item.created_at, now=utcnow())
        )
        kept = record_attempt(
            session,
            claimed=item,
            delivered=ok,
            status_code=status_code,
            error=error,
            next_attempt_at=retry_at,
        )
        if ok:
            delivered += 1
        elif kept:
            outcome = "giving up" if retry_at is None else f"retrying at {retry_at:%H:%M:%S}"
            log.warning(
                "webhook delivery %s attempt %s failed (%s); %s", item.id, item.attempts, error, outcome
            )
    return delivered


def _http_session() -> requests.Session:
    http = requests.Session()
    # No proxies, .netrc credentials or CA bundle from the environment: the request goes
    # straight to the address the URL policy checked.
    http.trust_env = False
    return http


def deliver(settings: Settings, delivery_id: int) -> int:
    """Send one delivery if it is pending and due and no other worker holds it; idempotent.

    In: a delivery id. Out: 1 if it was delivered now, else 0 (not due, held elsewhere,
    already finished, or this attempt failed and the retry is scheduled).
    """
    lease = timedelta(seconds=settings.webhook_lease_seconds)
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        claimed = claim_due(session, lease=lease, limit=1, delivery_id=delivery_id)
        if not claimed:
            return 0
        with _http_session() as http:
            return _send(settings, session, http, claimed)


def send_due(settings: Settings, *, budget_seconds: float = 30.0) -> int:
    """Send every due delivery until none is due or ``budget_seconds`` have passed;
    idempotent. Out: how many were delivered. Deliveries are claimed one at a time, so a
    claim's lease only has to cover one attempt's timeouts."""
    lease = timedelta(seconds=settings.webhook_lease_seconds)
    stop_at = time.monotonic() + budget_seconds
    delivered = 0
    # One HTTP session for the round: deliveries to the same receiver reuse its connection.
    with (
        Session(get_engine(settings.database_url), expire_on_commit=False) as session,
        _http_session() as http,
    ):
        while time.monotonic() < stop_at:
            claimed = claim_due(session, lease=lease, limit=1)
            if not claimed:
                break
            delivered += _send(settings, session, http, claimed)
    return delivered
