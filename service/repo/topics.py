"""Topics: rows loaded and saved, lists and reads (the linking writes are in ``topic_index``).

Keyword-only, ``session`` first; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, func, literal_column, or_, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from service.models import Claim, Conflict, Source, Topic
from service.repo.paging import Total, count_total, cut_page, offset_for
from service.repo.views import TOPIC_BRIEF, ClaimView, ConflictView, claim_views, conflict_views


def load_topics(session: Session, *, topic_ids: set[int], include_merged: bool = False) -> dict[int, Topic]:
    """Topics by id, in one query: live (not merged) ones unless ``include_merged``."""
    if not topic_ids:
        return {}
    query = select(Topic).where(col(Topic.id).in_(sorted(topic_ids)))
    if not include_merged:
        query = query.where(col(Topic.merged_into_id).is_(None))
    rows = session.exec(query).all()
    return {int(t.id): t for t in rows if t.id is not None}


def load_versioned_topics(
    session: Session, *, topic_ids: set[int]
) -> tuple[dict[int, Topic], dict[int, str]]:
    """Topics by id (merged ones too) as stored now, and on PostgreSQL each one's row version
    (``xmin``: it changes whenever a transaction writes the row) read in the same statement;
    in one query. Rows already in the session are read afresh, so row and version agree."""
    if not topic_ids:
        return {}, {}
    if session.get_bind().dialect.name != "postgresql":
        return load_topics(session, topic_ids=topic_ids, include_merged=True), {}
    query: Any = (
        select(Topic, literal_column("topic.xmin::text"))
        .where(col(Topic.id).in_(sorted(topic_ids)))
        .execution_options(populate_existing=True)
    )
    topics: dict[int, Topic] = {}
    versions: dict[int, str] = {}
    for topic, version in session.exec(query).all():
        topics[int(topic.id or 0)] = topic
        versions[int(topic.id or 0)] = str(version)
    return topics, versions


def lock_topic_versions(session: Session, *, topic_ids: Iterable[int]) -> dict[int, str]:
    """Lock topic rows until the transaction ends (``FOR UPDATE``, in ascending id order, so two
    writers never lock in opposite orders) and return their newest committed versions (see
    :func:`load_versioned_topics`); one query, and ``{}`` without locking on other databases."""
    ids = sorted(set(topic_ids))
    if not ids or session.get_bind().dialect.name != "postgresql":
        return {}
    rows = session.exec(_LOCK_TOPICS, params={"ids": ids}).all()  # type: ignore[call-overload]
    return {int(topic_id): str(version) for topic_id, version in rows}


_LOCK_TOPICS = text(
    "SELECT id, xmin::text FROM topic WHERE id = ANY(CAST(:ids AS integer[])) ORDER BY id FOR UPDATE"
)


def save_topic(session: Session, *, topic: Topic) -> Topic:
    """Add or update a topic row; a new one is flushed at once, so it has its id."""
    session.add(topic)
    if topic.id is None:
        session.flush()
    return topic


def topic_summary(topic: Topic) -> dict[str, Any]:
    """The wire shape of a topic: ``{"id", "label", "keywords", "claim_count", "last_activity_at"}``."""
    return {
        "id": topic.id,
        "label": topic.label,
        "keywords": list(topic.keywords),
        "claim_count": topic.claim_count,
        "last_activity_at": topic.last_activity_at,
    }


def list_topics(
    session: Session,
    *,
    conflicting: bool | None = None,
    q: str | None = None,
    page: int = 1,
    page_size: int = 20,
    exact_total: bool = False,
) -> tuple[list[dict[str, Any]], Total]:
    """Live topics, newest activity first: ``(items, total)``; the total is exact up to 1,000
    topics or with ``exact_total``, else estimated (``service.repo.paging.count_total``).

    Each item is :func:`topic_summary` plus ``"conflict_count"``, the topic's open conflicts
    (its stored ``open_conflict_count``). ``conflicting=True`` keeps topics with at least one
    open conflict (off ``ix_topic_open_conflicts``); ``q`` matches the label or keywords.
    """
    conditions = [col(Topic.merged_into_id).is_(None), col(Topic.claim_count) > 0]
    if conflicting is True:
        conditions.append(col(Topic.open_conflict_count) > 0)
    elif conflicting is False:
        conditions.append(col(Topic.open_conflict_count) == 0)
    if q:
        pattern = f"%{q.lower()}%"
        conditions.append(
            or_(func.lower(Topic.label).like(pattern), func.lower(cast(Topic.keywords, String)).like(pattern))
        )
    query = select(Topic).where(*conditions)
    offset = offset_for(page, page_size)
    rows, _next, seen = cut_page(
        list(
            session.exec(
                query.options(*TOPIC_BRIEF)
                .order_by(col(Topic.last_activity_at).desc(), col(Topic.id).desc())
                .offset(offset)
                .limit(page_size + 1)
            ).all()
        ),
        page_size=page_size,
        offset=offset,
        key=lambda last: [last.id],
    )
    total = count_total(session, select(Topic.id).where(*conditions), exact=exact_total, seen=seen)
    items = [{**topic_summary(t), "conflict_count": t.open_conflict_count} for t in rows]
    return items, total


@dataclass(frozen=True)
class SourceClaims:
    """One source's claims within a topic (``source`` is None for claims not normalised)."""

    source: Source | None
    claims: list[ClaimView]


@dataclass(frozen=True)
class TopicView:
    """A topic with its claims grouped by source and its conflicts (each with its claims)."""

    topic: Topic
    merged_from: list[int]
    sources: list[SourceClaims]
    conflicts: list[ConflictView]

    @property
    def id(self) -> int | None:
        return self.topic.id

    @property
    def label(self) -> str:
        return self.topic.label

    @property
    def keywords(self) -> list[str]:
        return list(self.topic.keywords)

    @property
    def claim_count(self) -> int:
        return self.topic.claim_count

    @property
    def last_activity_at(self) -> datetime:
        return self.topic.last_activity_at

    @property
    def claims(self) -> list[ClaimView]:
        """Every claim of the topic, source group by source group."""
        return [view for group in self.sources for view in group.claims]


def get_topic_with_claims(session: Session, *, topic_id: int) -> TopicView | None:
    """A topic with its claims grouped by source (most claims first) and its conflicts, or
    None; a merged id resolves to the topic it was merged into."""
    topic = session.get(Topic, topic_id)
    seen = 0
    while topic is not None and topic.merged_into_id is not None and seen < 10:
        topic, seen = session.get(Topic, topic.merged_into_id), seen + 1
    if topic is None or topic.id is None:
        return None
    claims = list(
        session.exec(
            select(Claim)
            .where(Claim.topic_id == topic.id)
            .order_by(col(Claim.said_on), col(Claim.article_id), col(Claim.ordinal))
        ).all()
    )
    views = claim_views(session, claims=claims)
    sources = {v.claim.source_id: v.source_row for v in views if v.source_row is not None}
    groups: dict[int | None, list[ClaimView]] = {}
    for view in views:
        groups.setdefault(view.claim.source_id, []).append(view)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0] or 0))
    conflicts = list(
        session.exec(
            select(Conflict).where(Conflict.topic_id == topic.id).order_by(col(Conflict.confidence).desc())
        ).all()
    )
    merged_from = [
        int(i) for i in session.exec(select(Topic.id).where(Topic.merged_into_id == topic.id)).all() if i
    ]
    return TopicView(
        topic=topic,
        merged_from=merged_from,
        sources=[SourceClaims(sources.get(sid) if sid is not None else None, rows) for sid, rows in ordered],
        conflicts=conflict_views(
            session, conflicts=conflicts, known={int(v.claim.id or 0): v for v in views}
        ),
    )


def topics_embedded_since(
    session: Session, *, since: datetime | None, topic_ids: Iterable[int] = ()
) -> list[tuple[int, bytes | None, int | None]]:
    """``(id, embedding, merged_into_id)`` of topics whose embedding changed at or after
    ``since`` (all embedded topics when None), and of the ``topic_ids`` whatever their time."""
    query = select(Topic.id, Topic.embedding, Topic.merged_into_id)
    changed: ColumnElement[bool] = col(Topic.embedded_at).is_not(None)
    if since is not None:
        changed = and_(changed, col(Topic.embedded_at) >= since)
    ids = sorted(set(topic_ids))
    query = query.where(or_(changed, col(Topic.id).in_(ids)) if ids else changed)
    return [(int(r[0]), r[1], r[2]) for r in session.exec(query).all() if r[0] is not None]
