"""Conflicts: storing detected conflicts idempotently and reading them grouped by topic.

Keyword-only, ``session`` first; nothing here commits. Related rows are loaded per page with
``IN`` queries, never one query per conflict. The topic groups of a page come from one query
over the matching conflicts (grouped by topic, ordered by the topic's newest activity), never
from a walk over topics; each link keeps its claim's source and date, so the source and date
filters read the links alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, delete, tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select
from sqlmodel.sql.sqltypes import UTCDateTime

from service.models import Conflict, ConflictClaim, Review, Source, Topic, utcnow
from service.repo.briefs import TOPIC_BRIEF_COLUMNS, TopicBrief
from service.repo.list_views import conflict_list_views
from service.repo.outbox import conflict_event, emit
from service.repo.paging import InvalidCursor, Total, count_total, cut_page, decode_cursor, offset_for
from service.repo.reviews import conflict_reviews
from service.repo.upsert import insert_ignoring_duplicates, insert_returning_ids
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
    session: Session,
    *,
    candidates: Iterable[NewConflict],
    topic_of: dict[int, int | None],
    members: dict[int, tuple[int | None, date | None]],
) -> list[int]:
    """Store conflicts not stored yet (by ``key``); existing ones are left as they are. Returns
    the ids of the candidates' conflicts, new or not, in candidate order.

    A conflict belongs to the topic of its first side's claim (the claim being answered),
    else of any of its claims. Candidates whose claims have no topic are skipped. A conflict
    another worker stores at the same moment is inserted once (``ON CONFLICT DO NOTHING``),
    with the links of whichever worker inserted it, and only that worker writes its
    ``conflict.created`` webhook deliveries (in this same transaction). ``members`` gives every
    candidate claim's ``(source_id, said_on)``, copied onto the links. At most four statements
    however many conflicts, none when there are none: the insert, the links, the ids of
    conflicts stored before, and the webhook subscriptions when a conflict is new.
    """
    rows: dict[str, dict[str, Any]] = {}
    sides: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    keys: list[str] = []
    for candidate in candidates:
        topics = [topic_of.get(i) for i in (*candidate.side0, *candidate.side1)]
        topic_id = next((t for t in topics if t is not None), None)
        if topic_id is None:
            continue
        key = candidate.key[:NAME_CHARS]
        keys.append(key)
        if key not in rows:
            sides[key] = (candidate.side0, candidate.side1)
            rows[key] = {
                "topic_id": topic_id,
                "kind": candidate.kind,
                "explanation": candidate.explanation,
                "confidence": candidate.confidence,
                "key": key,
                "status": "open",
                "created_at": utcnow(),
            }
    if not rows:
        return []
    ids = insert_returning_ids(session, table=Conflict, rows=list(rows.values()), key="key")
    created = sorted(ids.items(), key=lambda kv: kv[1])
    links = [
        {
            "conflict_id": conflict_id,
            "claim_id": claim_id,
            "side": side,
            "source_id": members.get(claim_id, (None, None))[0],
            "said_on": members.get(claim_id, (None, None))[1],
        }
        for key, conflict_id in created
        for side, claims in enumerate(sides[key])
        for claim_id in claims
    ]
    insert_ignoring_duplicates(session, table=ConflictClaim, rows=links)
    if created:
        fresh = [conflict_id for _, conflict_id in created]
        emit(session, events=lambda: [
            conflict_event(session, type_="conflict.created", conflict=conflict)
            for conflict in session.exec(
                select(Conflict).where(col(Conflict.id).in_(fresh)).order_by(col(Conflict.id))
            ).all()
        ])
    stored = sorted(set(rows) - set(ids))
    if stored:
        before = session.exec(select(Conflict.key, Conflict.id).where(col(Conflict.key).in_(stored))).all()
        ids.update((k, int(i or 0)) for k, i in before)
    return [int(ids[k]) for k in keys if k in ids]


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

    topic: Topic | TopicBrief
    conflicts: list[ConflictView]


@dataclass(frozen=True)
class TopicConflictsPage:
    """One page of topic groups, the number of groups, and the next page's cursor (or None)."""

    groups: list[TopicConflicts]
    total: Total
    next_cursor: str | None


def _conflict_conditions(
    *,
    kind: str | None,
    source_id: int | None,
    affiliation: str | None,
    date_from: date | None,
    date_to: date | None,
    min_confidence: float | None,
    status: str | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if kind:
        conditions.append(col(Conflict.kind) == kind)
    if status:
        conditions.append(col(Conflict.status) == status)
    if min_confidence is not None:
        conditions.append(col(Conflict.confidence) >= min_confidence)
    if source_id is not None or affiliation or date_from or date_to:
        member = select(ConflictClaim.conflict_id)
        if source_id is not None:
            member = member.where(ConflictClaim.source_id == source_id)
        if affiliation:
            member = member.join(Source, col(Source.id) == ConflictClaim.source_id).where(
                Source.affiliation == affiliation
            )
        if date_from:
            member = member.where(col(ConflictClaim.said_on) >= date_from)
        if date_to:
            member = member.where(col(ConflictClaim.said_on) <= date_to)
        conditions.append(col(Conflict.id).in_(member))
    return conditions


def _after_topic(cursor: str) -> ColumnElement[bool]:
    """Topics after the cursor's ``(last_activity_at, topic id)``, newest activity first."""
    stamp, last_id = decode_cursor(cursor, types=(str, int))
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError as exc:
        raise InvalidCursor(cursor) from exc
    typed = bindparam("after_activity", when, type_=UTCDateTime())
    return tuple_(col(Topic.last_activity_at), col(Topic.id)) < tuple_(typed, last_id)


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
    cursor: str | None = None,
    exact_total: bool = False,
) -> TopicConflictsPage:
    """Conflicts grouped by topic, topics with the newest activity first.

    ``total`` counts topics (the paginated unit); each conflict carries its loaded claims.
    Filters: conflict ``kind``; a claim of the conflict from ``source_id`` or from a source of
    ``affiliation``; a claim said on or after ``date_from`` / on or before ``date_to``;
    ``min_confidence``; ``status`` (None for any). The page is the one after ``cursor`` when
    given (``InvalidCursor`` if it is not one of ours), else ``page``.

    The open conflicts with no other filter (the board's first view) are the topics whose
    stored ``open_conflict_count`` is positive, read in order off ``ix_topic_open_conflicts``;
    any other filter groups the matching conflicts by topic in one query (never a walk over
    topics). Statements: the page's topics, the count (one or two), the page's conflicts with
    their links, claims, articles and sources, then the claims' syndicated copies
    (``conflict_list_views``, plain rows of the columns shown): four or five whatever the data
    size.
    """
    conditions = _conflict_conditions(
        kind=kind,
        source_id=source_id,
        affiliation=affiliation,
        date_from=date_from,
        date_to=date_to,
        min_confidence=min_confidence,
        status=status,
    )
    only_open = status == "open" and len(conditions) == 1
    if only_open:
        having: ColumnElement[bool] = col(Topic.open_conflict_count) > 0
    else:
        having = col(Topic.id).in_(select(Conflict.topic_id).where(*conditions))
    page_query = (
        select(*TOPIC_BRIEF_COLUMNS)
        .where(having)
        .order_by(col(Topic.last_activity_at).desc(), col(Topic.id).desc())
        .limit(page_size + 1)
    )
    offset = 0
    if cursor is not None:
        page_query = page_query.where(_after_topic(cursor))
    else:
        offset = offset_for(page, page_size)
        page_query = page_query.offset(offset)
    topics, next_cursor, seen = cut_page(
        [TopicBrief(*row) for row in session.connection().execute(page_query)],
        page_size=page_size,
        offset=offset,
        key=lambda last: [last.last_activity_at.isoformat(), last.id],
        by_cursor=cursor is not None,
    )
    total = count_total(session, select(Topic.id).where(having), exact=exact_total, seen=seen)
    topic_ids = [t.id for t in topics]
    grouped: dict[int, list[ConflictView]] = {t: [] for t in topic_ids}
    for view in conflict_list_views(session, conditions=conditions, topic_ids=topic_ids):
        grouped[view.topic_id].append(view)
    return TopicConflictsPage(
        groups=[TopicConflicts(topic=t, conflicts=grouped[t.id]) for t in topics],
        total=total,
        next_cursor=next_cursor,
    )


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


@dataclass(frozen=True)
class ConflictDetail(ConflictView):
    """One conflict with its claims (as the grouped list shows them), topic and review history."""

    topic: Topic | None = None
    reviews: list[Review] = field(default_factory=list)


def get_conflict(session: Session, *, conflict_id: int) -> ConflictDetail | None:
    """One conflict with its claims, topic and decision history (oldest first), or None."""
    conflict = session.get(Conflict, conflict_id)
    if conflict is None:
        return None
    (view,) = conflict_views(session, conflicts=[conflict])
    reviews, _count = conflict_reviews(session, conflict_id=conflict_id)
    topic = session.get(Topic, conflict.topic_id)
    return ConflictDetail(conflict=conflict, claims=view.claims, topic=topic, reviews=reviews)
