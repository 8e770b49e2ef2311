"""Read queries behind the dashboard's topic, article, claim and sources pages.

Pages stand on the same data-access functions as the API (``service.repo.topics``,
``conflicts``, ``sources``) and add what a reader needs around them (articles, review
history, aliases) in bulk: ``IN`` lists and grouped counts, never one query per row, so the
number of statements a page issues does not grow with the data. No Flask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from service.models import Article, Claim, Conflict, ConflictClaim, Review, Source, SourceAlias, Topic
from service.repo.conflicts import conflicts_for_claim
from service.repo.sources import list_sources, sources_by_id
from service.repo.topics import get_topic_with_claims


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


def _claim_query() -> Select[Claim, Source, Article]:
    """Claims with their source (outer join: a claim may have none) and article."""
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
class ConflictCard:
    """One conflict with its claims on each side."""

    conflict: Conflict
    sides: dict[int, list[ClaimRow]] = field(default_factory=dict)

    @property
    def side_list(self) -> list[list[ClaimRow]]:
        """The sides in order, each a list of claims."""
        return [self.sides[k] for k in sorted(self.sides)]


def cards_from_dicts(session: Session, items: list[dict[str, Any]]) -> list[ConflictCard]:
    """Turn the conflict dicts of ``service.repo.conflicts`` into cards with full claim rows.

    The claims (with their review status, source and article) load in one query for all.
    """
    rows = claim_rows(session, claim_ids={int(c["id"]) for item in items for c in item["claims"]})
    cards = []
    for item in items:
        conflict = Conflict(
            id=item["id"],
            topic_id=item["topic_id"],
            kind=item["kind"],
            explanation=item["explanation"],
            confidence=item["confidence"],
            status=item["status"],
            created_at=item["created_at"],
            key="",
        )
        card = ConflictCard(conflict)
        for member in item["claims"]:
            row = rows.get(int(member["id"]))
            if row is not None:
                card.sides.setdefault(int(member["side"]), []).append(row)
        cards.append(card)
    return cards


@dataclass
class SourceGroup:
    """One source's claims within a topic."""

    source_name: str
    source: Source | None
    claims: list[ClaimRow] = field(default_factory=list)


@dataclass
class TopicPage:
    """A topic: its claims by side (affiliation) and source, and its conflicts."""

    topic: Topic
    sides: dict[str, list[SourceGroup]]
    claim_total: int
    cards: list[ConflictCard]
    reviews: dict[int, list[Review]]


def load_topic(session: Session, *, topic_id: int) -> TopicPage | None:
    """The topic page, on ``get_topic_with_claims`` (the API's topic query); None if unknown.

    A merged topic id gives the topic it was merged into (compare ``page.topic.id``).
    """
    data = get_topic_with_claims(session, topic_id=topic_id)
    if data is None:
        return None
    topic = session.get(Topic, data["id"])
    assert topic is not None
    claims: list[Claim] = [claim for group in data["sources"] for claim in group["claims"]]
    articles = {
        a.id: a
        for a in session.exec(
            select(Article).where(col(Article.id).in_(sorted({c.article_id for c in claims})))
        ).all()
    }
    sources = sources_by_id(session, source_ids=[c.source_id for c in claims if c.source_id is not None])
    sides: dict[str, dict[str, SourceGroup]] = {}
    for claim in claims:
        source = sources.get(claim.source_id) if claim.source_id is not None else None
        row = ClaimRow(claim, source, articles[claim.article_id])
        group = sides.setdefault(row.side, {}).setdefault(row.speaker, SourceGroup(row.speaker, source))
        group.claims.append(row)
    cards = cards_from_dicts(session, data["conflicts"])
    history: dict[int, list[Review]] = {}
    for review in reviews_for(session, conflict_ids=[c.conflict.id for c in cards if c.conflict.id]):
        if review.conflict_id is not None:
            history.setdefault(review.conflict_id, []).append(review)
    return TopicPage(
        topic=topic,
        sides={side: list(groups.values()) for side, groups in sorted(sides.items())},
        claim_total=len(claims),
        cards=cards,
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
    cards: list[ConflictCard]
    reviews: list[Review]


def load_claim(session: Session, *, claim_id: int) -> ClaimPage | None:
    """Everything the claim page shows; conflicts through ``conflicts_for_claim`` (as the API)."""
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
    cards = cards_from_dicts(session, conflicts_for_claim(session, claim_id=claim_id))
    reviews = reviews_for(session, claim_ids=[claim_id])
    return ClaimPage(row=row, aliases=aliases, topic=topic, cards=cards, reviews=reviews)


@dataclass
class SourcesPage:
    """One page of sources: ``list_sources`` items (name, kind, affiliation, aliases, claim_count)."""

    entries: list[dict[str, Any]]
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
    """Sources, most-quoted first, through ``list_sources`` (the API's query), and the kinds."""
    entries, total = list_sources(session, q=q, kind=kind, page=page, page_size=page_size)
    kinds = [str(k) for k in session.exec(select(Source.kind).distinct().order_by(col(Source.kind))).all()]
    return SourcesPage(entries=entries, total=total, page=page, page_size=page_size, kinds=kinds)
