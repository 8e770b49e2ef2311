"""Topics: candidate lookup through the ``TopicTerm`` index, updates, merges and reads.

Keyword-only, ``session`` first; nothing here commits.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import String, cast, delete, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import service.models_linking  # noqa: F401  (registers the term/topic index with the metadata)
from service.models import Claim, Conflict, ConflictClaim, Source, Topic, TopicTerm, utcnow
from service.repo.paging import count_rows, newest_topics_page
from workers.linking.text import stem
from workers.linking.topics import INDEX_TERMS, ClaimVector, keywords_and_label, normalise, update_centroid

# Postings read per query term, newest topics first: bounds the lookup whatever the corpus size.
POSTINGS_PER_TERM = 25


def candidate_topic_ids(session: Session, *, terms: list[str]) -> set[int]:
    """Topics sharing any of ``terms`` in their index entries (at most ``POSTINGS_PER_TERM`` each)."""
    found: set[int] = set()
    for term in terms:
        rows = session.exec(
            select(TopicTerm.topic_id)
            .where(TopicTerm.term == term)
            .order_by(col(TopicTerm.topic_id).desc())
            .limit(POSTINGS_PER_TERM)
        ).all()
        found.update(int(r) for r in rows)
    return found


def load_topics(session: Session, *, topic_ids: set[int]) -> dict[int, Topic]:
    """Live (not merged) topics by id, in one query."""
    if not topic_ids:
        return {}
    rows = session.exec(
        select(Topic).where(col(Topic.id).in_(sorted(topic_ids))).where(col(Topic.merged_into_id).is_(None))
    ).all()
    return {int(t.id): t for t in rows if t.id is not None}


def topic_kinds(topic: Topic) -> tuple[dict[str, str], dict[str, str]]:
    """Surface forms and word kinds of a topic's terms, recovered from its keywords."""
    surface: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for keyword in topic.keywords:
        term = stem(keyword)
        surface[term] = keyword
        kinds[term] = "entity" if keyword[:1].isupper() else "word"
    return surface, kinds


def _activity(day: date | None) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC) if day else utcnow()


def create_topic(session: Session, *, vector: ClaimVector, day: date | None, index: bool = True) -> Topic:
    """A new topic seeded by one claim (flushed so it has an id; index written)."""
    keywords, label = keywords_and_label(vector.weights, vector.surface, vector.kinds)
    topic = Topic(
        label=label,
        keywords=keywords,
        centroid=dict(vector.weights),
        claim_count=1,
        last_activity_at=_activity(day),
    )
    session.add(topic)
    session.flush()
    if index:
        write_index(session, topic=topic)
    return topic


def add_to_topic(
    session: Session, *, topic: Topic, vector: ClaimVector, day: date | None, index: bool = True
) -> None:
    """Fold one claim into a topic: centroid, keywords, label, count, activity and index."""
    surface, kinds = topic_kinds(topic)
    surface.update({t: s for t, s in vector.surface.items() if t not in surface})
    kinds.update({t: k for t, k in vector.kinds.items() if t not in kinds or k == "event"})
    topic.centroid = update_centroid(topic.centroid, topic.claim_count, vector.weights)
    topic.keywords, topic.label = keywords_and_label(topic.centroid, surface, kinds)
    topic.claim_count += 1
    activity = _activity(day)
    if day is None or activity > topic.last_activity_at:
        topic.last_activity_at = activity
    session.add(topic)
    if index:
        write_index(session, topic=topic)


def write_index(session: Session, *, topic: Topic) -> None:
    """Make a topic's inverted-index entries its current top terms, touching only what changed.

    Lookup reads which topics carry a term, not the weights, so unchanged terms keep their row.
    If another worker changed the same topic's entries meanwhile (PostgreSQL), the diff is
    taken again once.
    """
    session.flush()  # the topic's own row first: its lock orders concurrent writers
    if session.get_bind().dialect.name == "sqlite":
        _write_index_once(session, topic)
        return
    try:
        with session.begin_nested():
            _write_index_once(session, topic)
    except IntegrityError:
        with session.begin_nested():
            _write_index_once(session, topic)


def _write_index_once(session: Session, topic: Topic) -> None:
    top = dict(sorted(topic.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS])
    wanted = {term[:128]: weight for term, weight in top.items()}
    current = set(session.exec(select(TopicTerm.term).where(TopicTerm.topic_id == topic.id)).all())
    gone = current - set(wanted)
    if gone:
        session.exec(
            delete(TopicTerm).where(col(TopicTerm.topic_id) == topic.id).where(col(TopicTerm.term).in_(gone))
        )
    for term in sorted(set(wanted) - current):
        session.add(TopicTerm(topic_id=int(topic.id or 0), term=term, weight=wanted[term]))
    session.flush()


def merge_topics(session: Session, *, keep: Topic, gone: Topic) -> None:
    """Merge ``gone`` into ``keep``: claims and conflicts move, ``gone.merged_into_id`` records it.

    Both ids stay valid; readers follow ``merged_into_id`` to the surviving topic.
    """
    total = keep.claim_count + gone.claim_count
    merged = {t: w * keep.claim_count for t, w in keep.centroid.items()}
    for term, weight in gone.centroid.items():
        merged[term] = merged.get(term, 0.0) + weight * gone.claim_count
    keep.centroid = normalise(merged, len(keep.centroid) + len(gone.centroid))
    surface, kinds = topic_kinds(keep)
    other_surface, other_kinds = topic_kinds(gone)
    keep.keywords, keep.label = keywords_and_label(
        keep.centroid, {**other_surface, **surface}, {**other_kinds, **kinds}
    )
    keep.claim_count = total
    keep.last_activity_at = max(keep.last_activity_at, gone.last_activity_at)
    gone.merged_into_id = keep.id
    gone.claim_count = 0
    session.exec(update(Claim).where(col(Claim.topic_id) == gone.id).values(topic_id=keep.id))
    session.exec(update(Conflict).where(col(Conflict.topic_id) == gone.id).values(topic_id=keep.id))
    session.exec(delete(TopicTerm).where(col(TopicTerm.topic_id) == gone.id))
    session.add(keep)
    session.add(gone)
    write_index(session, topic=keep)


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
) -> tuple[list[dict[str, Any]], int]:
    """Live topics, newest activity first: ``(items, total)``.

    Each item is :func:`topic_summary` plus ``"conflict_count"``. ``conflicting=True`` keeps
    topics with at least one open conflict; ``q`` matches the label or keywords.
    """
    query = select(Topic).where(col(Topic.merged_into_id).is_(None)).where(Topic.claim_count > 0)
    with_conflicts = select(Conflict.topic_id).where(Conflict.status == "open")
    if conflicting is True:
        query = query.where(col(Topic.id).in_(with_conflicts))
    elif conflicting is False:
        query = query.where(col(Topic.id).not_in(with_conflicts))
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(func.lower(Topic.label).like(pattern), func.lower(cast(Topic.keywords, String)).like(pattern))
        )
    total = count_rows(session, query)
    rows = newest_topics_page(session, query, page=page, page_size=page_size)
    ids = [int(t.id) for t in rows if t.id is not None]
    counts: dict[int, int] = {}
    if ids:
        counts = {
            int(t): int(n)
            for t, n in session.exec(
                select(Conflict.topic_id, func.count(col(Conflict.id)))
                .where(col(Conflict.topic_id).in_(ids))
                .where(Conflict.status == "open")
                .group_by(col(Conflict.topic_id))
            ).all()
        }
    items = [{**topic_summary(t), "conflict_count": counts.get(int(t.id or 0), 0)} for t in rows]
    return items, int(total)


def get_topic_with_claims(session: Session, *, topic_id: int) -> dict[str, Any] | None:
    """A topic with its claims grouped by source, or None; a merged id resolves to the survivor.

    Shape: ``{**topic_summary, "merged_from": [ids], "sources": [{"source": {"id", "name",
    "kind", "affiliation"} | None, "claims": [Claim]}], "conflicts": [conflict dicts as
    in ``service.repo.conflicts.conflict_dicts``]}``. Sources with the most claims first.
    """
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
    source_ids = sorted({c.source_id for c in claims if c.source_id is not None})
    sources = (
        {
            int(s.id): s
            for s in session.exec(select(Source).where(col(Source.id).in_(source_ids))).all()
            if s.id is not None
        }
        if source_ids
        else {}
    )
    groups: dict[int | None, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.source_id, []).append(claim)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0] or 0))
    from service.repo.conflicts import conflict_dicts

    conflicts = list(
        session.exec(
            select(Conflict).where(Conflict.topic_id == topic.id).order_by(col(Conflict.confidence).desc())
        ).all()
    )
    merged_from = [
        int(i) for i in session.exec(select(Topic.id).where(Topic.merged_into_id == topic.id)).all() if i
    ]
    return {
        **topic_summary(topic),
        "merged_from": merged_from,
        "sources": [
            {"source": _source_dict(sources.get(sid)) if sid is not None else None, "claims": rows}
            for sid, rows in ordered
        ],
        "conflicts": conflict_dicts(session, conflicts=conflicts),
    }


def _source_dict(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {"id": source.id, "name": source.name, "kind": source.kind, "affiliation": source.affiliation}


def claim_ids_in_conflict(session: Session, *, topic_id: int) -> set[int]:
    """Ids of the topic's claims that take part in a conflict."""
    rows = session.exec(
        select(ConflictClaim.claim_id)
        .join(Conflict, col(Conflict.id) == ConflictClaim.conflict_id)
        .where(Conflict.topic_id == topic_id)
    ).all()
    return {int(r) for r in rows}
