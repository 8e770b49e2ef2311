"""The webhook outbox: one delivery row per matching subscription, written in the caller's
transaction, so an event exists exactly when the change that caused it is committed.

``emit`` is called where the change is made (a conflict saved, a review appended, an article
finished). It never commits. The ids of the rows it adds are kept on the session and, once
the session commits, handed to whoever sends them (``committed_deliveries``); a rollback
drops them with the rows. Keyword-only, ``session`` first.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from service.models import (
    Article,
    Claim,
    Conflict,
    ConflictClaim,
    Review,
    WebhookDelivery,
    WebhookSubscription,
    utcnow,
)

_PENDING = "claimtrack.outbox.pending"
_COMMITTED = "claimtrack.outbox.committed"


@dataclass(frozen=True)
class Event:
    """An event and what a subscription's filters compare it with."""

    type: str
    data: dict[str, Any]
    topic_ids: frozenset[int] = field(default_factory=frozenset)
    source_ids: frozenset[int] = field(default_factory=frozenset)
    conflict_kind: str | None = None


def matches(subscription: WebhookSubscription, event: Event) -> bool:
    """Whether ``event`` goes to ``subscription``: its type is subscribed, and each filter set
    on the subscription names a topic, source or conflict kind the event touches. The kind
    filter narrows conflict events only."""
    if event.type not in subscription.events:
        return False
    if subscription.topic_id is not None and subscription.topic_id not in event.topic_ids:
        return False
    if subscription.source_id is not None and subscription.source_id not in event.source_ids:
        return False
    kind = subscription.conflict_kind
    return kind is None or not event.type.startswith("conflict.") or kind == event.conflict_kind


def emit(session: Session, *, events: Callable[[], Iterable[Event]]) -> list[int]:
    """Add a pending delivery for every subscription each event matches; flush, do not commit.

    ``events`` is called only when there is a subscription at all, so a service without
    webhooks pays one small query. Returns the new deliveries' ids. The body is the exact
    JSON to send: ``{"type", "timestamp", "data"}``.
    """
    subscriptions = list(
        session.exec(select(WebhookSubscription).order_by(col(WebhookSubscription.id))).all()
    )
    if not subscriptions:
        return []
    rows: list[WebhookDelivery] = []
    now = utcnow()
    for item in events():
        body = json.dumps({"type": item.type, "timestamp": _iso(now), "data": item.data}, sort_keys=True)
        for subscription in subscriptions:
            if matches(subscription, item):
                assert subscription.id is not None
                rows.append(
                    WebhookDelivery(
                        subscription_id=subscription.id,
                        message_id=f"msg_{uuid.uuid4().hex}",
                        event=item.type,
                        body=body,
                        next_attempt_at=now,
                        created_at=now,
                    )
                )
    if not rows:
        return []
    session.add_all(rows)
    session.flush()
    ids = [int(r.id or 0) for r in rows]
    session.info.setdefault(_PENDING, []).extend(ids)
    return ids


def committed_deliveries(session: Session) -> list[int]:
    """Take the ids of the deliveries this session has added and committed since last asked."""
    taken: list[int] = session.info.pop(_COMMITTED, [])
    return taken


@event.listens_for(Session, "after_commit")
def _promote(session: Any) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        session.info.setdefault(_COMMITTED, []).extend(pending)


@event.listens_for(Session, "after_rollback")
def _forget(session: Any) -> None:
    session.info.pop(_PENDING, None)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def conflict_event(
    session: Session, *, type_: str, conflict: Conflict, review: Review | None = None
) -> Event:
    """A ``conflict.created`` or ``conflict.reviewed`` event: the conflict, its claims by side
    (with their sources) and, for a review, the decision."""
    links = session.exec(
        select(ConflictClaim)
        .where(ConflictClaim.conflict_id == conflict.id)
        .order_by(col(ConflictClaim.side))
    ).all()
    data: dict[str, Any] = {
        "conflict": {
            "id": conflict.id,
            "topic_id": conflict.topic_id,
            "kind": conflict.kind,
            "explanation": conflict.explanation,
            "confidence": conflict.confidence,
            "status": conflict.status,
            "created_at": _iso(conflict.created_at),
            "claims": [
                {"id": link.claim_id, "side": link.side, "source_id": link.source_id} for link in links
            ],
        }
    }
    if review is not None:
        data["review"] = _review(review)
    return Event(
        type=type_,
        data=data,
        topic_ids=frozenset({conflict.topic_id}),
        source_ids=frozenset(int(link.source_id) for link in links if link.source_id is not None),
        conflict_kind=conflict.kind,
    )


def claim_reviewed_event(*, claim: Claim, review: Review) -> Event:
    """A ``claim.reviewed`` event: the claim's ids, its new review status and the verdict."""
    return Event(
        type="claim.reviewed",
        data={
            "claim": {
                "id": claim.id,
                "article_id": claim.article_id,
                "topic_id": claim.topic_id,
                "source_id": claim.source_id,
                "review_status": claim.review_status,
            },
            "review": _review(review),
        },
        topic_ids=frozenset({claim.topic_id} if claim.topic_id is not None else ()),
        source_ids=frozenset({claim.source_id} if claim.source_id is not None else ()),
    )


def article_event(session: Session, *, article: Article) -> Event:
    """An ``article.done`` or ``article.failed`` event; it touches its claims' topics and sources."""
    pairs: Sequence[tuple[int | None, int | None]] = session.exec(
        select(col(Claim.topic_id), col(Claim.source_id)).where(Claim.article_id == article.id)
    ).all()
    return Event(
        type=f"article.{article.status}",
        data={
            "article": {
                "id": article.id,
                "external_id": article.external_id,
                "title": article.title,
                "status": article.status,
                "status_reason": article.status_reason,
                "claim_count": len(pairs),
            }
        },
        topic_ids=frozenset(t for t, _ in pairs if t is not None),
        source_ids=frozenset(s for _, s in pairs if s is not None),
    )


def _review(review: Review) -> dict[str, Any]:
    return {
        "id": review.id,
        "verdict": review.verdict,
        "note": review.note,
        "reviewer": review.reviewer,
        "created_at": _iso(review.created_at),
    }
