"""Reading claims: filtered, paginated lists and one claim with everything around it.

Related rows (articles, sources, topics, conflicts, reviews) are loaded for a whole page at
once with ``IN`` queries, so a page costs a fixed handful of queries whatever its size. Lists
read along ``ix_claim_list_order``; the source filter compares folded keys on ordinary
indexes, the text filter goes through ``service.repo.search``, and deep pages go by cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, false, or_, tuple_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from service.keys import fold
from service.models import Article, Claim, Conflict, ConflictClaim, Source, SourceAlias, Topic
from service.repo.briefs import select_claim_briefs
from service.repo.list_views import listed_views, read_claim_page
from service.repo.paging import Total, count_total, cut_page, decode_cursor, offset_for
from service.repo.reviews import claim_reviews
from service.repo.search import claim_text_match
from service.repo.views import ClaimView, ConflictRef, claim_views

# A date range this narrow (a quarter) holds a few percent of the claims at most.
NARROW_DATE_RANGE_DAYS = 92


@dataclass(frozen=True)
class ClaimFilters:
    """What ``list_claims`` can filter on; None means "any"."""

    article_id: int | None = None
    external_id: str | None = None
    source: str | None = None  # a source id, or a name / alias / source as written (case-insensitive)
    stance: str | None = None
    topic_id: int | None = None
    q: str | None = None  # text search in the claim's content and sentence
    date_from: date | None = None  # on said_on, inclusive
    date_to: date | None = None  # on said_on, inclusive
    min_confidence: float | None = None
    review_status: str | None = None


def _source_condition(session: Session, value: str) -> ColumnElement[bool]:
    """Claims of the source with this id, or named, aliased or written so (folded keys).

    The matching source ids are looked up first (one small query on the sources' name and
    alias indexes), so the claim condition is ``source_id IN (...) OR source_key = ...``: two
    ordinary index scans, no ``lower()`` of claim columns.
    """
    value = value.strip()
    if value.isdigit():
        return col(Claim.source_id) == int(value)
    key = fold(value)
    if not key:
        return false()
    by_name = select(Source.id).where(Source.name_key == key)
    by_alias = select(SourceAlias.source_id).where(SourceAlias.alias == key)
    ids = sorted({int(i) for i in session.execute(by_name.union(by_alias)).scalars() if i is not None})
    by_key = col(Claim.source_key) == key
    return or_(col(Claim.source_id).in_(ids), by_key) if ids else by_key


def _conditions(session: Session, filters: ClaimFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.article_id is not None:
        conditions.append(col(Claim.article_id) == filters.article_id)
    else:  # a syndicated copy's repeated claims show as appearances of the original claim
        conditions.append(col(Claim.copy_of).is_(None))
    if filters.external_id is not None:
        conditions.append(
            col(Claim.article_id).in_(select(Article.id).where(Article.external_id == filters.external_id))
        )
    if filters.source:
        conditions.append(_source_condition(session, filters.source))
    if filters.stance is not None:
        conditions.append(col(Claim.stance) == filters.stance)
    if filters.topic_id is not None:
        conditions.append(col(Claim.topic_id) == filters.topic_id)
    if filters.q:
        conditions.append(claim_text_match(session, filters.q))
    if filters.date_from is not None:
        conditions.append(col(Claim.said_on) >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(col(Claim.said_on) <= filters.date_to)
    if filters.min_confidence is not None:
        conditions.append(col(Claim.confidence) >= filters.min_confidence)
    if filters.review_status is not None:
        conditions.append(col(Claim.review_status) == filters.review_status)
    return conditions


@dataclass(frozen=True)
class ClaimPage:
    """One page of claims, the total, and the cursor of the page after it (None on the last)."""

    views: list[ClaimView]
    total: Total
    next_cursor: str | None


def _after(cursor: str) -> ColumnElement[bool]:
    """Rows after the cursor's ``(article_id, ordinal, id)`` in list order (article descending)."""
    article_id, ordinal, claim_id = decode_cursor(cursor, types=(int, int, int))
    return and_(
        col(Claim.article_id) <= article_id,
        or_(
            col(Claim.article_id) < article_id,
            tuple_(col(Claim.ordinal), col(Claim.id)) > tuple_(ordinal, claim_id),
        ),
    )


def list_claims(
    session: Session,
    *,
    filters: ClaimFilters | None = None,
    page: int = 1,
    page_size: int = 20,
    cursor: str | None = None,
    exact_total: bool = False,
) -> ClaimPage:
    """One page of claims matching ``filters``, newest article first, then reading order.

    The page is the one after ``cursor`` when given (``InvalidCursor`` if it is not one of
    ours), else ``page``. ``total`` is exact when ``exact_total`` or small, else estimated
    (see ``service.repo.paging``). Statements: a source lookup (``source`` given by name),
    the page with its articles and sources (plain rows of the columns shown, the page's own
    plan a subquery), the count (two when estimated), and the claims' syndicated copies.
    """
    filters = filters or ClaimFilters()
    conditions = _conditions(session, filters)
    # Dates follow article order, so walking the list order to a narrow date range would read
    # every claim after it; such a range is read off its date index and sorted instead
    # (``article_id + 0`` is the same order, with no index to walk). The sort runs over ids
    # alone (``ix_claim_said_on_order`` holds the date, the list order and ``copy_of``: an
    # index-only scan on PostgreSQL), then the page's rows are read by id.
    narrow = (
        filters.date_from is not None
        and filters.date_to is not None
        and (filters.date_to - filters.date_from).days <= NARROW_DATE_RANGE_DAYS
    )
    article_order = (col(Claim.article_id) + 0) if narrow else col(Claim.article_id)
    order = (article_order.desc(), col(Claim.ordinal), col(Claim.id))
    window = list(conditions)
    offset = 0
    if cursor is not None:
        window.append(_after(cursor))
    else:
        offset = offset_for(page, page_size)
    if narrow:
        ids = select(Claim.id).where(*window).order_by(*order).offset(offset).limit(page_size + 1)
        query = select_claim_briefs().where(col(Claim.id).in_(ids))
    else:
        query = select_claim_briefs().where(*window).order_by(*order).offset(offset).limit(page_size + 1)
    rows, next_cursor, seen = cut_page(
        read_claim_page(session, page=query),
        page_size=page_size,
        offset=offset,
        key=lambda last: [last[0].article_id, last[0].ordinal, last[0].id],
        by_cursor=cursor is not None,
    )
    total = count_total(session, select(Claim.id).where(*conditions), exact=exact_total, seen=seen)
    return ClaimPage(views=listed_views(session, listed=rows), total=total, next_cursor=next_cursor)


def claims_by_ids(session: Session, *, claim_ids: Sequence[int]) -> dict[int, ClaimView]:
    """Claim views keyed by id, for the ids that exist, in three queries."""
    if not claim_ids:
        return {}
    claims = session.exec(select(Claim).where(col(Claim.id).in_(sorted(set(claim_ids))))).all()
    return {int(v.claim.id): v for v in claim_views(session, claims=claims) if v.claim.id is not None}


def conflicts_of_claims(session: Session, *, claim_ids: Sequence[int]) -> dict[int, list[ConflictRef]]:
    """The conflicts each claim takes part in, keyed by claim id, in three queries."""
    result: dict[int, list[ConflictRef]] = {claim_id: [] for claim_id in claim_ids}
    if not claim_ids:
        return result
    memberships = session.exec(
        select(ConflictClaim).where(col(ConflictClaim.claim_id).in_(list(claim_ids)))
    ).all()
    conflict_ids = sorted({m.conflict_id for m in memberships})
    if not conflict_ids:
        return result
    conflicts = {
        c.id: c for c in session.exec(select(Conflict).where(col(Conflict.id).in_(conflict_ids))).all()
    }
    members: dict[int, list[int]] = {}
    for link in session.exec(
        select(ConflictClaim)
        .where(col(ConflictClaim.conflict_id).in_(conflict_ids))
        .order_by(col(ConflictClaim.side), col(ConflictClaim.claim_id))
    ).all():
        members.setdefault(link.conflict_id, []).append(link.claim_id)
    for membership in memberships:
        conflict = conflicts.get(membership.conflict_id)
        if conflict is None or conflict.id is None:
            continue
        result[membership.claim_id].append(
            ConflictRef(
                id=conflict.id,
                kind=conflict.kind,
                explanation=conflict.explanation,
                confidence=conflict.confidence,
                status=conflict.status,
                topic_id=conflict.topic_id,
                claim_ids=members.get(conflict.id, []),
            )
        )
    for refs in result.values():
        refs.sort(key=lambda ref: ref.id)
    return result


def get_claim(session: Session, *, claim_id: int) -> ClaimView | None:
    """One claim with its article, source, topic, conflicts and review history."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    (view,) = claim_views(session, claims=[claim])
    topic = session.get(Topic, claim.topic_id) if claim.topic_id is not None else None
    return ClaimView(
        claim=claim,
        article=view.article,
        source=view.source,
        topic=topic,
        conflicts=conflicts_of_claims(session, claim_ids=[claim_id])[claim_id],
        reviews=claim_reviews(session, claim_id=claim_id)[0],
    )
