"""Read queries behind the dashboard's topic, article, claim and sources pages.

Pages stand on the same read model and data-access functions as the API (``ClaimView`` and
``ConflictView`` from ``service.repo.views``; ``service.repo.topics``, ``conflicts``,
``claims``, ``sources``) and add what a reader needs around them (review history, aliases,
conflict counts) in bulk: ``IN`` lists and grouped counts, never one query per row, so the
number of statements a page issues does not grow with the data. No Flask here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from service.models import Article, Claim, ConflictClaim, Review, Source, SourceAlias, Topic
from service.repo.claims import claims_by_ids
from service.repo.conflicts import conflicts_for_claim
from service.repo.sources import list_sources
from service.repo.topics import get_topic_with_claims
from service.repo.views import ClaimView, ConflictView, claim_views


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
    claims: list[ClaimView] = field(default_factory=list)


@dataclass
class TopicPage:
    """A topic: its claims by side (affiliation) and source, and its conflicts."""

    topic: Topic
    sides: dict[str, list[SourceGroup]]
    claim_total: int
    cards: list[ConflictView]
    reviews: dict[int, list[Review]]


def load_topic(session: Session, *, topic_id: int) -> TopicPage | None:
    """The topic page, on ``get_topic_with_claims`` (the API's topic query); None if unknown.

    A merged topic id gives the topic it was merged into (compare ``page.topic.id``).
    """
    view = get_topic_with_claims(session, topic_id=topic_id)
    if view is None:
        return None
    sides: dict[str, dict[str, SourceGroup]] = {}
    for group in view.sources:
        for row in group.claims:
            by_speaker = sides.setdefault(row.camp, {})
            by_speaker.setdefault(row.speaker, SourceGroup(row.speaker, group.source)).claims.append(row)
    history: dict[int, list[Review]] = {}
    for review in reviews_for(session, conflict_ids=[c.id for c in view.conflicts if c.id]):
        if review.conflict_id is not None:
            history.setdefault(review.conflict_id, []).append(review)
    return TopicPage(
        topic=view.topic,
        sides={side: list(groups.values()) for side, groups in sorted(sides.items())},
        claim_total=len(view.claims),
        cards=view.conflicts,
        reviews=history,
    )


@dataclass
class ArticlePage:
    """An article and every claim in it, in reading order."""

    article: Article
    claims: list[ClaimView]
    conflict_counts: dict[int, int]


def load_article(session: Session, *, article_id: int) -> ArticlePage | None:
    """The article with its claims and how many conflicts each is in."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    claims = session.exec(
        select(Claim).where(Claim.article_id == article_id).order_by(col(Claim.ordinal), col(Claim.id))
    ).all()
    rows = claim_views(session, claims=claims)
    counts = conflict_counts(session, claim_ids=[r.claim.id for r in rows if r.claim.id is not None])
    return ArticlePage(article=article, claims=rows, conflict_counts=counts)


@dataclass
class ClaimPage:
    """A claim, its source's aliases, its topic, the conflicts it is in and its review history."""

    row: ClaimView
    aliases: list[str]
    topic: Topic | None
    cards: list[ConflictView]
    reviews: list[Review]


def load_claim(session: Session, *, claim_id: int) -> ClaimPage | None:
    """Everything the claim page shows; conflicts through ``conflicts_for_claim`` (as the API).

    The claim's own view comes with its conflicts' claims when it has conflicts (no second
    load of it): eight statements either way.
    """
    cards = conflicts_for_claim(session, claim_id=claim_id)
    linked = [view for card in cards for view in card.claims if view.claim.id == claim_id]
    row = (
        replace(linked[0], side=None)
        if linked
        else claims_by_ids(session, claim_ids=[claim_id]).get(claim_id)
    )
    if row is None:
        return None
    aliases: list[str] = []
    if row.source.id is not None:
        aliases = [
            str(a)
            for a in session.exec(
                select(SourceAlias.alias)
                .where(SourceAlias.source_id == row.source.id)
                .order_by(col(SourceAlias.alias))
            ).all()
        ]
    topic = session.get(Topic, row.claim.topic_id) if row.claim.topic_id is not None else None
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
