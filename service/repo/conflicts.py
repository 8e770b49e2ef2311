"""Conflicts: storing detected conflicts idempotently and reading them grouped by topic.

Keyword-only, ``session`` first; nothing here commits. Related rows are loaded per page with
``IN`` queries, never one query per conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlalchemy import delete
from sqlmodel import Session, col, select

from service.models import Claim, Conflict, ConflictClaim, Review, Source, Topic, utcnow
from service.repo.paging import count_rows, newest_topics_page
from service.repo.upsert import insert_ignoring_duplicates, insert_or_get_id
from service.repo.views import ConflictView, conflict_views
from service.vocabulary import NAME_CHARS


class NewConflict(Protocol):
    """What ``save_conflicts`` needs of a detected conflict (the linking step's candidates)."""

    @property
    def key(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def explanation(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def side0(self) -> tuple[int, ...]: ...
    @property
    def side1(self) -> tuple[int, ...]: ...


def save_conflicts(
    session: Session, *, candidates: Iterable[NewConflict], topic_of: dict[int, int | None]
) -> list[Conflict]:
    """Store conflicts not stored yet (by ``key``); existing ones are left as they are.

    A conflict belongs to the topic of its first side's claim (the claim being answered),
    else of any of its claims. Candidates whose claims have no topic are skipped. A conflict
    another worker stores at the same moment is inserted once (``ON CONFLICT DO NOTHING``),
    with the links of whichever worker inserted it.
    """
    saved_ids: list[int] = []
    for candidate in candidates:
        topics = [topic_of.get(i) for i in (*candidate.side0, *candidate.side1)]
        topic_id = next((t for t in topics if t is not None), None)
        if topic_id is None:
            continue
        values = {
            "topic_id": topic_id,
            "kind": candidate.kind,
            "explanation": candidate.explanation,
            "confidence": candidate.confidence,
            "key": candidate.key[:NAME_CHARS],
            "status": "open",
            "created_at": utcnow(),
        }
        conflict_id, created = insert_or_get_id(session, table=Conflict, values=values, key="key")
        if created:
            links = [
                {"conflict_id": conflict_id, "claim_id": claim_id, "side": side}
                for side, ids in ((0, candidate.side0), (1, candidate.side1))
                for claim_id in ids
            ]
            insert_ignoring_duplicates(session, table=ConflictClaim, rows=links)
        saved_ids.append(conflict_id)
    if not saved_ids:
        return []
    rows = {c.id: c for c in session.exec(select(Conflict).where(col(Conflict.id).in_(saved_ids))).all()}
    return [rows[i] for i in saved_ids if i in rows]


def delete_conflicts_for_claims(session: Session, *, claim_ids: Sequence[int]) -> int:
    """Remove every conflict that involves any of ``claim_ids`` (with all its links); count them."""
    if not claim_ids:
        return 0
    conflict_ids = sorted(
        {
            int(i)
            for i in session.exec(
                select(ConflictClaim.conflict_id).where(col(ConflictClaim.claim_id).in_(list(claim_ids)))
            ).all()
        }
    )
    if not conflict_ids:
        return 0
    session.exec(delete(ConflictClaim).where(col(ConflictClaim.conflict_id).in_(conflict_ids)))
    # Reviews are append-only history: keep them, detached from the conflict that is going.
    for review in session.exec(select(Review).where(col(Review.conflict_id).in_(conflict_ids))).all():
        review.conflict_id = None
        session.add(review)
    session.flush()
    session.exec(delete(Conflict).where(col(Conflict.id).in_(conflict_ids)))
    return len(conflict_ids)


@dataclass(frozen=True)
class TopicConflicts:
    """One topic and its conflicts, as ``GET /api/v1/conflicts`` and the board group them."""

    topic: Topic
    conflicts: list[ConflictView]


def list_conflicts_by_topic(
    session: Session,
    *,
    kind: str | None = None,
    source_id: int | None = None,
    affiliation: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    min_confidence: float | None = None,
    status: str | None = "open",
    page: int = 1,
    page_size: int = 20,
) -> tuple[list[TopicConflicts], int]:
    """Conflicts grouped by topic, topics with the newest activity first: ``(groups, total)``.

    ``total`` counts topics (the paginated unit); each conflict carries its loaded claims.
    Filters: conflict ``kind``; a claim of the conflict from ``source_id`` or from a source of
    ``affiliation``; a claim said on or after ``date_from`` / on or before ``date_to``;
    ``min_confidence``; ``status`` (None for any).
    """
    query = select(Conflict.id)
    if kind:
        query = query.where(Conflict.kind == kind)
    if status:
        query = query.where(Conflict.status == status)
    if min_confidence is not None:
        query = query.where(Conflict.confidence >= min_confidence)
    if source_id is not None or affiliation or date_from or date_to:
        member = select(ConflictClaim.conflict_id).join(Claim, col(Claim.id) == ConflictClaim.claim_id)
        if source_id is not None:
            member = member.where(Claim.source_id == source_id)
        if affiliation:
            member = member.join(Source, col(Source.id) == Claim.source_id).where(
                Source.affiliation == affiliation
            )
        if date_from:
            member = member.where(col(Claim.said_on) >= date_from)
        if date_to:
            member = member.where(col(Claim.said_on) <= date_to)
        query = query.where(col(Conflict.id).in_(member))
    matching = query.subquery()
    topic_query = select(Topic).where(
        col(Topic.id).in_(select(Conflict.topic_id).where(col(Conflict.id).in_(select(matching.c.id))))
    )
    total = count_rows(session, topic_query)
    topics = newest_topics_page(session, topic_query, page=page, page_size=page_size)
    topic_ids = [int(t.id) for t in topics if t.id is not None]
    conflicts = (
        list(
            session.exec(
                select(Conflict)
                .where(col(Conflict.id).in_(select(matching.c.id)))
                .where(col(Conflict.topic_id).in_(topic_ids))
                .order_by(col(Conflict.confidence).desc(), col(Conflict.id))
            ).all()
        )
        if topic_ids
        else []
    )
    grouped: dict[int, list[ConflictView]] = {t: [] for t in topic_ids}
    for view in conflict_views(session, conflicts=conflicts):
        grouped[view.topic_id].append(view)
    return [TopicConflicts(topic=t, conflicts=grouped[int(t.id or 0)]) for t in topics], int(total)


def conflicts_for_claim(session: Session, *, claim_id: int) -> list[ConflictView]:
    """Every conflict a claim takes part in, with its claims, highest confidence first."""
    ids = select(ConflictClaim.conflict_id).where(ConflictClaim.claim_id == claim_id)
    conflicts = list(
        session.exec(
            select(Conflict)
            .where(col(Conflict.id).in_(ids))
            .order_by(col(Conflict.confidence).desc(), col(Conflict.id))
        ).all()
    )
    return conflict_views(session, conflicts=conflicts)
