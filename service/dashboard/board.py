"""The conflicts board: topics with conflicts, newest activity first, filtered and paginated.

Read-only queries against the tables, in bulk: a page costs the same handful of statements
whether the database holds ten topics or ten thousand (count, page of topics, their
conflicts, the conflicts' claims, and the filter choices). No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import distinct, exists, func
from sqlmodel import Session, col, select

from service.dashboard.queries import ClaimRow, claim_rows
from service.models import Claim, Conflict, ConflictClaim, Source, Topic

CONFLICT_STATUSES = ("open", "resolved", "not_a_conflict")


@dataclass(frozen=True)
class BoardFilters:
    """What the board's filter form can narrow by; ``None`` means any."""

    kind: str | None = None
    source_id: int | None = None
    affiliation: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    status: str | None = None
    page: int = 1
    page_size: int = 20

    def active(self) -> bool:
        """True when any filter narrows the board."""
        return any(
            v is not None
            for v in (self.kind, self.source_id, self.affiliation, self.date_from, self.date_to, self.status)
        )


@dataclass
class ConflictCard:
    """One conflict with its claims on each side."""

    conflict: Conflict
    sides: dict[int, list[ClaimRow]] = field(default_factory=dict)

    @property
    def side_list(self) -> list[list[ClaimRow]]:
        """The sides in order, each a list of claims."""
        return [self.sides[k] for k in sorted(self.sides)]


@dataclass
class TopicGroup:
    """A topic and its conflicts, as one card on the board."""

    topic: Topic
    conflicts: list[ConflictCard]


@dataclass
class Board:
    """One page of the board and what the filter form offers."""

    groups: list[TopicGroup]
    total: int
    page: int
    page_size: int
    sources: list[tuple[int, str]]
    affiliations: list[str]

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.page_size))


def _conflict_conditions(filters: BoardFilters) -> list[Any]:
    """WHERE clauses on Conflict for the filters; claim-level filters become one EXISTS."""
    conditions: list[Any] = []
    if filters.kind:
        conditions.append(col(Conflict.kind) == filters.kind)
    if filters.status:
        conditions.append(col(Conflict.status) == filters.status)
    claim_conditions: list[Any] = []
    if filters.source_id is not None:
        claim_conditions.append(col(Claim.source_id) == filters.source_id)
    if filters.affiliation:
        claim_conditions.append(
            col(Claim.source_id).in_(select(Source.id).where(col(Source.affiliation) == filters.affiliation))
        )
    if filters.date_from is not None:
        claim_conditions.append(col(Claim.said_on) >= filters.date_from)
    if filters.date_to is not None:
        claim_conditions.append(col(Claim.said_on) <= filters.date_to)
    if claim_conditions:
        conditions.append(
            exists(
                select(ConflictClaim.claim_id)
                .join(Claim, col(Claim.id) == col(ConflictClaim.claim_id))
                .where(col(ConflictClaim.conflict_id) == col(Conflict.id), *claim_conditions)
            )
        )
    return conditions


def conflict_cards(session: Session, conflicts: list[Conflict]) -> list[ConflictCard]:
    """Attach each conflict's claims, by side, in two queries for all of them."""
    ids = [c.id for c in conflicts if c.id is not None]
    if not ids:
        return []
    links = session.exec(
        select(ConflictClaim)
        .where(col(ConflictClaim.conflict_id).in_(ids))
        .order_by(col(ConflictClaim.side), col(ConflictClaim.claim_id))
    ).all()
    rows = claim_rows(session, claim_ids=[link.claim_id for link in links])
    cards = {c.id: ConflictCard(c) for c in conflicts}
    for link in links:
        row = rows.get(link.claim_id)
        if row is not None:
            cards[link.conflict_id].sides.setdefault(link.side, []).append(row)
    return [cards[c.id] for c in conflicts]


def load_board(session: Session, *, filters: BoardFilters) -> Board:
    """The board page for ``filters``: a constant number of queries, whatever the data size."""
    conditions = _conflict_conditions(filters)
    total = session.exec(
        select(func.count(distinct(col(Conflict.topic_id)))).select_from(Conflict).where(*conditions)
    ).one()
    matching_topics = select(Conflict.topic_id).where(*conditions)
    topics = session.exec(
        select(Topic)
        .where(col(Topic.id).in_(matching_topics))
        .order_by(col(Topic.last_activity_at).desc(), col(Topic.id).desc())
        .offset((filters.page - 1) * filters.page_size)
        .limit(filters.page_size)
    ).all()
    topic_ids = [t.id for t in topics]
    conflicts = (
        session.exec(
            select(Conflict)
            .where(col(Conflict.topic_id).in_(topic_ids), *conditions)
            .order_by(col(Conflict.created_at).desc(), col(Conflict.id).desc())
        ).all()
        if topic_ids
        else []
    )
    by_topic: dict[int, list[ConflictCard]] = {}
    for card in conflict_cards(session, list(conflicts)):
        by_topic.setdefault(card.conflict.topic_id, []).append(card)
    groups = [TopicGroup(t, by_topic.get(t.id, [])) for t in topics if t.id is not None]
    return Board(
        groups=groups,
        total=int(total),
        page=filters.page,
        page_size=filters.page_size,
        sources=_conflict_sources(session),
        affiliations=_affiliations(session),
    )


def _conflict_sources(session: Session, limit: int = 500) -> list[tuple[int, str]]:
    """Sources that speak in at least one conflict, by name: the source filter's choices."""
    in_conflicts = select(Claim.source_id).join(ConflictClaim, col(ConflictClaim.claim_id) == col(Claim.id))
    rows = session.exec(
        select(Source.id, Source.name)
        .where(col(Source.id).in_(in_conflicts))
        .order_by(col(Source.name))
        .limit(limit)
    ).all()
    return [(int(i), str(n)) for i, n in rows if i is not None]


def _affiliations(session: Session) -> list[str]:
    """Every affiliation a source has, sorted: the affiliation filter's choices."""
    rows = session.exec(
        select(Source.affiliation)
        .where(col(Source.affiliation).is_not(None))
        .distinct()
        .order_by(col(Source.affiliation))
    ).all()
    return [str(a) for a in rows if a]
