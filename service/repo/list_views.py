"""List pages' claims and conflicts as plain rows: one joined statement, then one for copies.

The claim list and the conflicts list (API and board) read their claims with their articles
and sources in the same statement, selecting only the columns ``service.repo.briefs`` names,
and build ``ClaimView`` / ``ConflictView`` from the rows, the same views (and so the same JSON
and HTML) the entity loaders in ``service.repo.views`` give. Syndicated copies come from one
more statement. No Flask here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from service.models import Article, Claim, Conflict, ConflictClaim, Source
from service.repo.briefs import (
    ARTICLE_BRIEF,
    CLAIM_BRIEF,
    CONFLICT_BRIEF,
    SOURCE_BRIEF,
    ArticleBrief,
    ClaimBrief,
    ConflictBrief,
    SourceBrief,
)
from service.repo.views import (
    Appearance,
    ClaimView,
    ConflictView,
    SourceRef,
    appearance,
    copy_appearances,
    source_ref,
)

# One listed claim: the claim, its article and its source's view.
Listed = tuple[ClaimBrief, ArticleBrief, SourceRef]

_CLAIM_END = len(CLAIM_BRIEF)
_ARTICLE_END = _CLAIM_END + len(ARTICLE_BRIEF)


def _listed(row: Sequence[Any], start: int = 0) -> Listed:
    """The claim, article and source read from ``row`` at ``start`` (columns in brief order)."""
    claim = ClaimBrief(*row[start : start + _CLAIM_END])
    article = ArticleBrief(*row[start + _CLAIM_END : start + _ARTICLE_END])
    source_values = row[start + _ARTICLE_END : start + _ARTICLE_END + len(SOURCE_BRIEF)]
    source = SourceBrief(*source_values) if source_values[0] is not None else None
    return claim, article, source_ref(claim, source)


def read_claim_page(session: Session, *, page: Select[Any]) -> list[Listed]:
    """The claims of ``page`` (a select of ``CLAIM_BRIEF`` columns, ordered and limited) with
    their articles and sources, in list order (newest article first, then reading order), in
    one statement: the page is a subquery, so its plan is the page's alone."""
    rows = page.subquery("page")
    query = (
        select(*(rows.c[c.name] for c in CLAIM_BRIEF), *ARTICLE_BRIEF, *SOURCE_BRIEF)
        .select_from(rows)
        .join(Article, col(Article.id) == rows.c.article_id)
        .outerjoin(Source, col(Source.id) == rows.c.source_id)
        .order_by(rows.c.article_id.desc(), rows.c.ordinal, rows.c.id)
    )
    return [_listed(row) for row in session.connection().execute(query)]


def _view(listed: Listed, copies: dict[int, list[Appearance]], side: int | None = None) -> ClaimView:
    """A listed claim's view: its article first among its appearances, then its copies."""
    claim, article, source = listed
    return ClaimView(
        claim=claim,
        article=article,
        source=source,
        side=side,
        appearances=[appearance(article), *copies.get(claim.id, [])],
    )


def listed_views(session: Session, *, listed: Sequence[Listed]) -> list[ClaimView]:
    """Views of listed claims, with their syndicated copies (one statement when any)."""
    copies = copy_appearances(session, claim_ids=[claim.id for claim, _a, _s in listed])
    return [_view(row, copies) for row in listed]


def conflict_list_views(
    session: Session, *, conditions: Sequence[ColumnElement[bool]], topic_ids: Sequence[int]
) -> list[ConflictView]:
    """The conflicts of ``topic_ids`` matching ``conditions``, highest confidence first, each
    with its claims (by side, then id) and their articles and sources: one statement over the
    conflicts and their links, one for the claims' syndicated copies."""
    if not topic_ids:
        return []
    query = (
        select(*CONFLICT_BRIEF, col(ConflictClaim.side), *CLAIM_BRIEF, *ARTICLE_BRIEF, *SOURCE_BRIEF)
        .select_from(Conflict)
        .outerjoin(ConflictClaim, col(ConflictClaim.conflict_id) == col(Conflict.id))
        .outerjoin(Claim, col(Claim.id) == col(ConflictClaim.claim_id))
        .outerjoin(Article, col(Article.id) == col(Claim.article_id))
        .outerjoin(Source, col(Source.id) == col(Claim.source_id))
        .where(*conditions)
        .where(col(Conflict.topic_id).in_(list(topic_ids)))
        .order_by(col(Conflict.confidence).desc(), col(Conflict.id))
        .order_by(col(ConflictClaim.side), col(ConflictClaim.claim_id))
    )
    width = len(CONFLICT_BRIEF)
    conflicts: dict[int, tuple[ConflictBrief, list[tuple[int, Listed]]]] = {}
    seen: dict[int, Listed] = {}
    for row in session.connection().execute(query):
        conflict_id = row[0]
        if conflict_id not in conflicts:
            conflicts[conflict_id] = (ConflictBrief(*row[:width]), [])
        side, claim_id = row[width], row[width + 1]
        if claim_id is None:  # a conflict whose links are gone: listed with no claims
            continue
        listed = seen.get(claim_id)
        if listed is None:
            listed = seen[claim_id] = _listed(row, width + 1)
        conflicts[conflict_id][1].append((int(side), listed))
    copies = copy_appearances(session, claim_ids=list(seen))
    return [
        ConflictView(conflict=conflict, claims=[_view(listed, copies, side) for side, listed in members])
        for conflict, members in conflicts.values()
    ]

