"""Reading articles as a list: filtered, newest first, paged by offset or keyset cursor.

Keyword-only, ``session`` first; nothing here commits. A page is one query along the primary
key (newest id first) plus one for its claim counts; deep pages go by cursor (the last id
seen), so they cost what the first page costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from service.models import Article
from service.repo.articles import claim_counts
from service.repo.paging import Total, count_total, cut_page, decode_cursor, offset_for


@dataclass(frozen=True)
class ArticleFilters:
    """What ``list_articles`` can filter on; None means "any"."""

    external_id: str | None = None
    status: str | None = None
    publisher: str | None = None  # as submitted, case-insensitive
    date_from: date | None = None  # on published_at, inclusive
    date_to: date | None = None  # on published_at, inclusive


@dataclass(frozen=True)
class ArticlePage:
    """One page of articles (each a dict: the row's fields without the body, plus
    ``claim_count``), the total, and the cursor of the page after it (None on the last)."""

    items: list[dict[str, Any]]
    total: Total
    next_cursor: str | None


def _conditions(filters: ArticleFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.external_id is not None:
        conditions.append(col(Article.external_id) == filters.external_id)
    if filters.status is not None:
        conditions.append(col(Article.status) == filters.status)
    if filters.publisher is not None:
        conditions.append(func.lower(col(Article.publisher)) == filters.publisher.strip().lower())
    if filters.date_from is not None:
        conditions.append(col(Article.published_at) >= filters.date_from)
    if filters.date_to is not None:
        conditions.append(col(Article.published_at) <= filters.date_to)
    return conditions


def list_articles(
    session: Session,
    *,
    filters: ArticleFilters | None = None,
    page: int = 1,
    page_size: int = 20,
    cursor: str | None = None,
    exact_total: bool = False,
) -> ArticlePage:
    """One page of articles matching ``filters``, newest (highest id) first.

    The page is the one after ``cursor`` when given (``InvalidCursor`` if it is not one of
    ours), else ``page``. ``total`` is exact when ``exact_total`` or small, else estimated
    (see ``service.repo.paging``). Statements: the page, its claim counts, the count.
    """
    conditions = _conditions(filters or ArticleFilters())
    query = select(Article).where(*conditions).order_by(col(Article.id).desc()).limit(page_size + 1)
    offset = 0
    if cursor is not None:
        (last_id,) = decode_cursor(cursor, types=(int,))
        query = query.where(col(Article.id) < last_id)
    else:
        offset = offset_for(page, page_size)
        query = query.offset(offset)
    rows, next_cursor, seen = cut_page(
        list(session.exec(query).all()),
        page_size=page_size,
        offset=offset,
        key=lambda last: [last.id],
        by_cursor=cursor is not None,
    )
    total = count_total(session, select(Article.id).where(*conditions), exact=exact_total, seen=seen)
    counts = claim_counts(session, article_ids=[int(a.id) for a in rows if a.id is not None])
    items = [{**a.model_dump(exclude={"body"}), "claim_count": counts.get(int(a.id or 0), 0)} for a in rows]
    return ArticlePage(items=items, total=total, next_cursor=next_cursor)
