"""The read model: a claim, and a conflict with its claims, as every reader sees them.

The API serialises these and the dashboard renders them: ``ClaimView`` (a claim with its
article and source) and ``ConflictView`` (a conflict with its loaded claims, each marked
with its side). Related rows load for a whole batch at once with ``IN`` queries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from service.models import Article, Claim, Conflict, ConflictClaim, Review, Source, Topic
from service.repo.briefs import ArticleBrief, ClaimBrief, ConflictBrief, SourceBrief

# What lists show of a topic (loader options): the centroid and embedding are the linking step's.
TOPIC_BRIEF = (defer(Topic.centroid), defer(Topic.embedding))  # type: ignore[arg-type]


@dataclass(frozen=True)
class SourceRef:
    """Who a claim is attributed to: the normalised source, or the mention when not normalised."""

    id: int | None
    name: str | None
    mention: str | None
    kind: str
    affiliation: str | None


@dataclass(frozen=True)
class ConflictRef:
    """A conflict a claim takes part in, with the ids of every claim it links."""

    id: int
    kind: str
    explanation: str
    confidence: float
    status: str
    topic_id: int
    claim_ids: list[int]


@dataclass(frozen=True)
class Appearance:
    """An article a claim appears in: its own, or a syndicated copy repeating it."""

    article_id: int
    publisher: str | None
    title: str


@dataclass(frozen=True)
class ClaimView:
    """A claim with its article and source; the detail view adds topic, conflicts and reviews."""

    claim: Claim | ClaimBrief
    article: Article | ArticleBrief
    source: SourceRef
    topic: Topic | None = None
    conflicts: list[ConflictRef] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    side: int | None = None  # which side of a conflict the claim stands on, in conflict views
    # The claim's article, then the syndicated copies that repeat it (one story, one claim).
    appearances: list[Appearance] = field(default_factory=list)
    # The normalised source's row (None when not normalised), for pages that group by source.
    source_row: Source | None = None

    @property
    def spans(self) -> dict[str, list[list[int]]]:
        """The source, cue, content and target spans as ``[[start, end], ...]`` lists."""
        stored: dict[str, Any] = self.claim.spans or {}
        return {
            role: [list(pair) for pair in stored.get(role) or []]
            for role in ("source", "cue", "content", "target")
        }

    @property
    def speaker(self) -> str:
        """The source's name, else how the article wrote it."""
        return self.source.name or "unknown source"

    @property
    def camp(self) -> str:
        """The affiliation the claim speaks for, used to group a topic's claims by side."""
        return self.source.affiliation or "unaffiliated"


@dataclass(frozen=True)
class ConflictView:
    """A conflict with its claims loaded (each a ``ClaimView`` with ``side`` set)."""

    conflict: Conflict | ConflictBrief
    claims: list[ClaimView]

    @property
    def id(self) -> int | None:
        return self.conflict.id

    @property
    def kind(self) -> str:
        return self.conflict.kind

    @property
    def explanation(self) -> str:
        return self.conflict.explanation

    @property
    def confidence(self) -> float:
        return self.conflict.confidence

    @property
    def status(self) -> str:
        return self.conflict.status

    @property
    def topic_id(self) -> int:
        return self.conflict.topic_id

    @property
    def created_at(self) -> datetime:
        """When the conflict was found."""
        return self.conflict.created_at

    @property
    def side_list(self) -> list[list[ClaimView]]:
        """The claims by side, sides in order."""
        sides: dict[int, list[ClaimView]] = {}
        for view in self.claims:
            sides.setdefault(view.side or 0, []).append(view)
        return [sides[k] for k in sorted(sides)]


def source_ref(claim: Claim | ClaimBrief, source: Source | SourceBrief | None) -> SourceRef:
    """The claim's source as shown to users; falls back to the mention when not normalised."""
    if source is None:
        return SourceRef(
            id=None,
            name=claim.source_resolved or claim.source_mention,
            mention=claim.source_mention,
            kind="unknown",
            affiliation=None,
        )
    return SourceRef(
        id=source.id,
        name=source.name,
        mention=claim.source_mention,
        kind=source.kind,
        affiliation=source.affiliation,
    )


def claim_views(session: Session, *, claims: Sequence[Claim]) -> list[ClaimView]:
    """Attach articles and sources to ``claims`` with one query per table."""
    if not claims:
        return []
    article_ids = sorted({c.article_id for c in claims})
    source_ids = sorted({c.source_id for c in claims if c.source_id is not None})
    # The body stays in the database unless a page reads it (the claim page's context).
    brief = select(Article).options(defer(Article.body)).where(col(Article.id).in_(article_ids))  # type: ignore[arg-type]
    articles = {a.id: a for a in session.exec(brief).all()}
    sources: dict[int | None, Source] = {}
    if source_ids:
        sources = {s.id: s for s in session.exec(select(Source).where(col(Source.id).in_(source_ids))).all()}
    copies = copy_appearances(session, claim_ids=[int(c.id) for c in claims if c.id is not None])
    return [
        ClaimView(
            claim=c,
            article=articles[c.article_id],
            source=source_ref(c, sources.get(c.source_id)),
            source_row=sources.get(c.source_id),
            appearances=[appearance(articles[c.article_id]), *copies.get(int(c.id or 0), [])],
        )
        for c in claims
    ]


def appearance(article: Article | ArticleBrief) -> Appearance:
    return Appearance(article_id=int(article.id or 0), publisher=article.publisher, title=article.title)


def copy_appearances(session: Session, *, claim_ids: list[int]) -> dict[int, list[Appearance]]:
    """The syndicated copies of each claim (by ``copy_of``), earliest article first; one query."""
    if not claim_ids:
        return {}
    rows = session.exec(
        select(Claim.copy_of, Article.id, Article.publisher, Article.title)
        .join(Article, col(Article.id) == col(Claim.article_id))
        .where(col(Claim.copy_of).in_(sorted(set(claim_ids))))
        .order_by(col(Article.id))
    ).all()
    found: dict[int, list[Appearance]] = {}
    for original, article_id, publisher, title in rows:
        copy = Appearance(article_id=int(article_id or 0), publisher=publisher, title=title)
        found.setdefault(int(original or 0), []).append(copy)
    return found


def conflict_views(
    session: Session, *, conflicts: Sequence[Conflict], known: Mapping[int, ClaimView] | None = None
) -> list[ConflictView]:
    """Conflicts with their claims, in four queries whatever the number of conflicts (links
    with their claims, then articles, sources and copies), or in one when ``known`` already
    holds a view of every claim they link; claims ordered by side, then id."""
    ids = [int(c.id) for c in conflicts if c.id is not None]
    if not ids:
        return []
    pairs = session.exec(
        select(ConflictClaim.conflict_id, ConflictClaim.side, Claim)
        .join(Claim, col(Claim.id) == col(ConflictClaim.claim_id))
        .where(col(ConflictClaim.conflict_id).in_(ids))
    ).all()
    views = dict(known or {})
    rows = list({int(claim.id or 0): claim for _c, _s, claim in pairs if claim.id not in views}.values())
    views.update({int(v.claim.id or 0): v for v in claim_views(session, claims=rows)})
    members: dict[int, list[tuple[int, int]]] = {}
    for conflict_id, side, claim in pairs:
        members.setdefault(int(conflict_id), []).append((int(side), int(claim.id or 0)))
    return [
        ConflictView(
            conflict=conflict,
            claims=[
                replace(views[cid], side=side)
                for side, cid in sorted(members.get(int(conflict.id or 0), []))
                if cid in views
            ],
        )
        for conflict in conflicts
    ]
