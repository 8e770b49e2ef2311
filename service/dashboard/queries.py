"""Read queries behind the dashboard's topic, article, claim and sources pages.

Every page loads its rows in bulk (``IN`` lists, grouped counts), never one query per row,
so the number of statements a page issues does not grow with the data. No Flask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from service.models import Article, Claim, Conflict, ConflictClaim, Review, Source, SourceAlias, Topic

TOPIC_CLAIM_LIMIT = 500


@dataclass(frozen=True)
class ClaimRow:
    """A claim with its (optional) normalised source and its article."""

    claim: Claim
    source: Source | None
    article: Article

    @property
    def speaker(self) -> str:
        """The source's name, else how the article wrote it."""
        if self.source is not None:
            return self.source.name
        return self.claim.source_resolved or self.claim.source_mention or "unknown source"

    @property
    def side(self) -> str:
        """The affiliation the claim speaks for, used to group claims into sides."""
        if self.source is not None and self.source.affiliation:
            return self.source.affiliation
        return "unaffiliated"


def _claim_query():  # type: ignore[no-untyped-def]
    return (
        select(Claim, Source, Article)
        .join(Article, col(Article.id) == col(Claim.article_id))
        .outerjoin(Source, col(Source.id) == col(Claim.source_id))
    )


def _rows(result: Iterable[tuple[Claim, Source | None, Article]]) -> list[ClaimRow]:
    return [ClaimRow(claim, source, article) for claim, source, article in result]


def claim_rows(session: Session, *, claim_ids: Iterable[int]) -> dict[int, ClaimRow]:
    """Claims by id with their source and article, in one query."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    rows = _rows(session.exec(_claim_query().where(col(Claim.id).in_(ids))).all())
    return {row.claim.id: row for row in rows if row.claim.id is not None}


def conflict_counts(session: Session, *, claim_ids: Iterable[int]) -> dict[int, int]:
    """How many conflicts each claim takes part in, in one query."""
    ids = list(set(claim_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(ConflictClaim.claim_id, func.count())
        .where(col(ConflictClaim.claim_id).in_(ids))
        .group_by(col(ConflictClaim.claim_id))
    ).all()
    return {int(c): int(n) for c, n in rows}


def reviews_for(
    session: Session, *, claim_ids: Iterable[int] = (), conflict_ids: Iterable[int] = ()
) -> list[Review]:
    """Review history of some claims and conflicts, newest first, in one query."""
    claims, conflicts = list(set(claim_ids)), list(set(conflict_ids))
    if not claims and not conflicts:
        return []
    return list(
        session.exec(
            select(Review)
            .where(or_(col(Review.claim_id).in_(claims), col(Review.conflict_id).in_(conflicts)))
            .order_by(col(Review.created_at).desc(), col(Review.id).desc())
        ).all()
    )


@dataclass
class SourceGroup:
    """One source's claims within a topic."""

    source_name: str
    source: Source | None
    claims: list[ClaimRow] = field(default_factory=list)


@dataclass
class TopicPage:
    """A topic: its claims by side and source, and its conflicts."""

    topic: Topic
    sides: dict[str, list[SourceGroup]]
    claim_total: int
    conflicts: list[Conflict]
    reviews: dict[int, list[Review]]


def resolve_topic(session: Session, *, topic_id: int) -> Topic | None:
    """The topic, following merges to the topic it now lives in (at most a few hops)."""
    topic = session.get(Topic, topic_id)
    hops = 0
    while topic is not None and topic.merged_into_id is not None and hops < 10:
        topic = session.get(Topic, topic.merged_into_id)
        hops += 1
    return topic


def load_topic(session: Session, *, topic: Topic) -> TopicPage:
    """Claims grouped by side (affiliation) then source, plus conflicts and their reviews."""
    total = session.exec(select(func.count()).select_from(Claim).where(Claim.topic_id == topic.id)).one()
    rows = _rows(
        session.exec(
            _claim_query()
            .where(Claim.topic_id == topic.id)
            .order_by(col(Claim.said_on).desc(), col(Claim.id))
            .limit(TOPIC_CLAIM_LIMIT)
        ).all()
    )
    sides: dict[str, dict[str, SourceGroup]] = {}
    for row in rows:
        groups = sides.setdefault(row.side, {})
        group = groups.setdefault(row.speaker, SourceGroup(row.speaker, row.source))
        group.claims.append(row)
    conflicts = list(
        session.exec(
            select(Conflict)
            .where(Conflict.topic_id == topic.id)
            .order_by(col(Conflict.created_at).desc(), col(Conflict.id).desc())
        ).all()
    )
    history: dict[int, list[Review]] = {}
    for review in reviews_for(session, conflict_ids=[c.id for c in conflicts if c.id is not None]):
        if review.conflict_id is not None:
            history.setdefault(review.conflict_id, []).append(review)
    return TopicPage(
        topic=topic,
        sides={side: list(groups.values()) for side, groups in sorted(sides.items())},
        claim_total=int(total),
        conflicts=conflicts,
        reviews=history,
    )


@dataclass
class ArticlePage:
    """An article and every claim in it, in reading order."""

    article: Article
    claims: list[ClaimRow]
    conflict_counts: dict[int, int]


def load_article(session: Session, *, article_id: int) -> ArticlePage | None:
    """The article with its claims and how many conflicts each is in."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    rows = _rows(
        session.exec(
            _claim_query().where(Claim.article_id == article_id).order_by(col(Claim.ordinal), col(Claim.id))
        ).all()
    )
    counts = conflict_counts(session, claim_ids=[r.claim.id for r in rows if r.claim.id is not None])
    return ArticlePage(article=article, claims=rows, conflict_counts=counts)


@dataclass
class ClaimPage:
    """A claim, its source's aliases, its topic, the conflicts it is in and its review history."""

    row: ClaimRow
    aliases: list[str]
    topic: Topic | None
    conflicts: list[Conflict]
    reviews: list[Review]


def load_claim(session: Session, *, claim_id: int) -> ClaimPage | None:
    """Everything the claim page shows; conflict sides are loaded by the caller in bulk."""
    row = claim_rows(session, claim_ids=[claim_id]).get(claim_id)
    if row is None:
        return None
    aliases: list[str] = []
    if row.source is not None:
        aliases = [
            str(a)
            for a in session.exec(
                select(SourceAlias.alias)
                .where(SourceAlias.source_id == row.source.id)
                .order_by(col(SourceAlias.alias))
            ).all()
        ]
    topic = session.get(Topic, row.claim.topic_id) if row.claim.topic_id is not None else None
    conflicts = list(
        session.exec(
            select(Conflict)
            .join(ConflictClaim, col(ConflictClaim.conflict_id) == col(Conflict.id))
            .where(ConflictClaim.claim_id == claim_id)
            .order_by(col(Conflict.created_at).desc())
        ).all()
    )
    reviews = reviews_for(session, claim_ids=[claim_id])
    return ClaimPage(row=row, aliases=aliases, topic=topic, conflicts=conflicts, reviews=reviews)


@dataclass
class SourceEntry:
    """A source with its aliases and claim count."""

    source: Source
    aliases: list[str]
    claims: int


@dataclass
class SourcesPage:
    """One page of sources."""

    entries: list[SourceEntry]
    total: int
    page: int
    page_size: int
    kinds: list[str]

    @property
    def pages(self) -> int:
        """Number of pages (at least one)."""
        return max(1, -(-self.total // self.page_size))


def load_sources(
    session: Session, *, q: str | None = None, kind: str | None = None, page: int = 1, page_size: int = 50
) -> SourcesPage:
    """Sources by name, filtered by a name/alias search and kind; aliases and counts in bulk."""
    conditions = []
    if q:
        pattern = f"%{q.lower()}%"
        conditions.append(
            or_(
                func.lower(col(Source.name)).like(pattern),
                col(Source.id).in_(select(SourceAlias.source_id).where(col(SourceAlias.alias).like(pattern))),
            )
        )
    if kind:
        conditions.append(col(Source.kind) == kind)
    total = session.exec(select(func.count()).select_from(Source).where(*conditions)).one()
    sources = session.exec(
        select(Source)
        .where(*conditions)
        .order_by(col(Source.name))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    ids = [s.id for s in sources if s.id is not None]
    aliases: dict[int, list[str]] = {}
    counts: dict[int, int] = {}
    if ids:
        for source_id, alias in session.exec(
            select(SourceAlias.source_id, SourceAlias.alias)
            .where(col(SourceAlias.source_id).in_(ids))
            .order_by(col(SourceAlias.alias))
        ).all():
            aliases.setdefault(int(source_id), []).append(str(alias))
        for speaker_id, n in session.exec(
            select(Claim.source_id, func.count())
            .where(col(Claim.source_id).in_(ids))
            .group_by(col(Claim.source_id))
        ).all():
            if speaker_id is not None:
                counts[int(speaker_id)] = int(n)
    kinds = [str(k) for k in session.exec(select(Source.kind).distinct().order_by(col(Source.kind))).all()]
    entries = [
        SourceEntry(s, aliases.get(s.id, []), counts.get(s.id, 0)) for s in sources if s.id is not None
    ]
    return SourcesPage(entries=entries, total=int(total), page=page, page_size=page_size, kinds=kinds)
