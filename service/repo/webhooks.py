"""Webhook subscriptions and their deliveries: storing, listing, and claiming due deliveries.

A delivery is claimed before it is sent, so two workers never send the same one at once:
on PostgreSQL the due rows are picked with ``SELECT … FOR UPDATE SKIP LOCKED`` (a second
worker skips the rows the first is claiming), elsewhere with a conditional ``UPDATE`` that
only one writer can win. The claim moves ``next_attempt_at`` a lease ahead and stamps a
``claim_token``; the outcome is written only by the holder of that token. Keyword-only,
``session`` first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from service.models import WebhookDelivery, WebhookSubscription, utcnow
from service.repo.paging import offset_for
from service.vocabulary import ERROR_CHARS


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker holds, with what it needs to send it."""

    id: int
    claim_token: str
    message_id: str
    body: str
    url: str
    secret: str
    attempts: int
    created_at: datetime


def create_subscription(session: Session, *, values: dict[str, Any]) -> WebhookSubscription:
    """Store a subscription (``url``, ``events``, filters, ``secret``, ``created_by``); commit."""
    subscription = WebhookSubscription(**values)
    session.add(subscription)
    session.commit()
    session.refresh(subscription)
    return subscription


def get_subscription(session: Session, *, subscription_id: int) -> WebhookSubscription | None:
    """One subscription by id."""
    return session.get(WebhookSubscription, subscription_id)


def list_subscriptions(
    session: Session, *, page: int, page_size: int
) -> tuple[list[WebhookSubscription], int]:
    """One page of subscriptions, oldest first, and how many there are."""
    total = session.exec(select(func.count(col(WebhookSubscription.id)))).one()
    query = select(WebhookSubscription).order_by(col(WebhookSubscription.id))
    rows = session.exec(query.offset(offset_for(page, page_size)).limit(page_size)).all()
    return list(rows), int(total)


def delete_subscription(session: Session, *, subscription_id: int) -> bool:
    """Remove a subscription and its deliveries (pending ones are not sent); commit.
    False when there was none."""
    subscription = session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        return False
    session.exec(delete(WebhookDelivery).where(col(WebhookDelivery.subscription_id) == subscription_id))
    session.delete(subscription)
    session.commit()
    return True


def list_deliveries(
    session: Session, *, subscription_id: int, page: int, page_size: int, status: str | None = None
) -> tuple[list[WebhookDelivery], int]:
    """One page of a subscription's deliveries, newest first, and how many match."""
    condition = col(WebhookDelivery.subscription_id) == subscription_id
    if status is not None:
        condition = condition & (col(WebhookDelivery.status) == status)
    total = session.exec(select(func.count(col(WebhookDelivery.id))).where(condition)).one()
    query = select(WebhookDelivery).where(condition).order_by(col(WebhookDelivery.id).desc())
    rows = session.exec(query.offset(offset_for(page, page_size)).limit(page_size)).all()
    return list(rows), int(total)


def claim_due(
    session: Session, *, lease: timedelta, limit: int, delivery_id: int | None = None
) -> list[Claimed]:
    """Claim up to ``limit`` pending deliveries that are due (or just ``delivery_id``, if it
    is due); commit. Each claim counts an attempt. Rows another worker holds are skipped."""
    now = utcnow()
    due = (
        select(col(WebhookDelivery.id))
        .where(col(WebhookDelivery.status) == "pending")
        .where(col(WebhookDelivery.next_attempt_at) <= now)
        .order_by(col(WebhookDelivery.next_attempt_at))
        .limit(limit)
    )
    if delivery_id is not None:
        due = due.where(col(WebhookDelivery.id) == delivery_id)
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = [int(i) for i in session.exec(due).all() if i is not None]
    claimed: list[tuple[int, str]] = []
    for row_id in ids:
        token = uuid.uuid4().hex
        won = session.execute(
            update(WebhookDelivery)
            .where(col(WebhookDelivery.id) == row_id)
            .where(col(WebhookDelivery.status) == "pending")
            .where(col(WebhookDelivery.next_attempt_at) <= now)
            .values(
                next_attempt_at=now + lease,
                claim_token=token,
                attempts=WebhookDelivery.attempts + 1,
                last_attempt_at=now,
            )
        )
        if getattr(won, "rowcount", 0) == 1:
            claimed.append((row_id, token))
    session.commit()
    if not claimed:
        return []
    tokens = dict(claimed)
    rows = session.exec(
        select(WebhookDelivery, WebhookSubscription)
        .join(WebhookSubscription, col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id))
        .where(col(WebhookDelivery.id).in_(list(tokens)))
    ).all()
    return [
        Claimed(
            id=int(d.id or 0),
            claim_token=tokens[int(d.id or 0)],
            message_id=d.message_id,
            body=d.body,
            url=s.url,
            secret=s.secret,
            attempts=d.attempts,
            created_at=d.created_at,
        )
        for d, s in rows
        if d.claim_token == tokens[int(d.id or 0)]
    ]


def record_attempt(
    session: Session,
    *,
    claimed: Claimed,
    delivered: bool,
    status_code: int | None,
    error: str | None,
    next_attempt_at: datetime | None,
) -> bool:
    """Write the outcome of an attempt for the holder of the claim; commit. A delivery that was
    not delivered and has no ``next_attempt_at`` is given up (``failed``). False when the
    claim was lost (the lease ran out and another worker took the row, or it was deleted)."""
    values: dict[str, Any] = {
        "claim_token": None,
        "last_status_code": status_code,
        "last_error": error[:ERROR_CHARS] if error else None,
    }
    if delivered:
        values.update(status="delivered", delivered_at=utcnow(), next_attempt_at=None)
    elif next_attempt_at is None:
        values.update(status="failed", next_attempt_at=None)
    else:
        values.update(next_attempt_at=next_attempt_at)
    result = session.execute(
        update(WebhookDelivery)
        .where(col(WebhookDelivery.id) == claimed.id)
        .where(col(WebhookDelivery.claim_token) == claimed.claim_token)
        .values(**values)
    )
    session.commit()
    return bool(getattr(result, "rowcount", 0) == 1)
