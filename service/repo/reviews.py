"""Review history: reviewers' verdicts on claims and decisions on conflicts, append-only.

Adding a review also moves the claim's ``review_status`` (or the conflict's ``status``) to
the latest verdict, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from service.models import Claim, Conflict, Review
from service.repo.outbox import claim_reviewed_event, conflict_event, emit
from service.repo.paging import offset_for
from service.vocabulary import CLAIM_VERDICTS, CONFLICT_DECISIONS


def _append(session: Session, *, target: Claim | Conflict, review: Review, status: str) -> Review:
    """Add ``review`` and move ``target``'s status to ``status`` in one commit, with the
    ``claim.reviewed`` or ``conflict.reviewed`` webhook deliveries it causes."""
    if isinstance(target, Claim):
        target.review_status = status
    else:
        target.status = status
    session.add(review)
    session.add(target)
    session.flush()
    if isinstance(target, Claim):
        claim = target
        emit(session, events=lambda: [claim_reviewed_event(claim=claim, review=review)])
    else:
        conflict = target
        emit(
            session,
            events=lambda: [
                conflict_event(session, type_="conflict.reviewed", conflict=conflict, review=review)
            ],
        )
    session.commit()
    session.refresh(review)
    return review


def add_claim_review(
    session: Session, *, claim_id: int, verdict: str, note: str | None, reviewer: str
) -> Review | None:
    """Record ``verdict`` on a claim and make it the claim's review status; commit.

    Returns the new review, or None when the claim does not exist. Raises ``ValueError``
    for a verdict outside ``CLAIM_VERDICTS``.
    """
    if verdict not in CLAIM_VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    review = Review(claim_id=claim_id, verdict=verdict, note=note or None, reviewer=reviewer)
    return _append(session, target=claim, review=review, status=verdict)


def add_conflict_decision(
    session: Session, *, conflict_id: int, decision: str, note: str | None, reviewer: str
) -> Review | None:
    """Record a decision on a conflict and make it the conflict's status; commit.

    Returns the new review, or None when the conflict does not exist. Raises ``ValueError``
    for a decision outside ``CONFLICT_DECISIONS``.
    """
    if decision not in CONFLICT_DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        return None
    review = Review(conflict_id=conflict_id, verdict=decision, note=note or None, reviewer=reviewer)
    return _append(session, target=conflict, review=review, status=decision)


def _history(session: Session, condition: Any, page: int | None, page_size: int) -> tuple[list[Review], int]:
    query = select(Review).where(condition).order_by(col(Review.created_at), col(Review.id))
    if page is None:
        rows = list(session.exec(query).all())
        return rows, len(rows)
    total = session.exec(select(func.count(col(Review.id))).where(condition)).one()
    rows = list(session.exec(query.offset(offset_for(page, page_size)).limit(page_size)).all())
    return rows, int(total)


def claim_reviews(
    session: Session, *, claim_id: int, page: int | None = None, page_size: int = 20
) -> tuple[list[Review], int]:
    """A claim's review history, oldest first, and its length; one page of it (paged in SQL)
    when ``page`` is given, else all of it."""
    return _history(session, Review.claim_id == claim_id, page, page_size)


def conflict_reviews(
    session: Session, *, conflict_id: int, page: int | None = None, page_size: int = 20
) -> tuple[list[Review], int]:
    """A conflict's decision history, oldest first, and its length (paged as ``claim_reviews``)."""
    return _history(session, Review.conflict_id == conflict_id, page, page_size)


def reviews_for_claims(session: Session, *, claim_ids: Sequence[int]) -> dict[int, list[Review]]:
    """Review histories of many claims in one query, oldest first, keyed by claim id."""
    result: dict[int, list[Review]] = {claim_id: [] for claim_id in claim_ids}
    if not claim_ids:
        return result
    rows = session.exec(
        select(Review)
        .where(col(Review.claim_id).in_(list(claim_ids)))
        .order_by(col(Review.created_at), col(Review.id))
    ).all()
    for review in rows:
        if review.claim_id is not None:
            result.setdefault(review.claim_id, []).append(review)
    return result
