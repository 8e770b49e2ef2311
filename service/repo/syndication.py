"""Syndication rows: each article's MinHash sketch and LSH band hashes, and the copies of a story.

Keyword-only, ``session`` first; nothing here commits. Finding an article's near-duplicates
is one query on ``articleband``'s primary key (``band IN (...)``), whose cost follows how many
articles share a band with it, not how many are stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from service.models import Article, ArticleBand, ArticleSketch, Claim
from service.repo.upsert import insert_ignoring_duplicates


def save_sketch(
    session: Session, *, article_id: int, signature: bytes, shingles: int, bands: Sequence[int]
) -> None:
    """Make ``signature``, ``shingles`` and ``bands`` the article's sketch; idempotent."""
    session.exec(delete(ArticleBand).where(col(ArticleBand.article_id) == article_id))
    session.exec(delete(ArticleSketch).where(col(ArticleSketch.article_id) == article_id))
    session.add(ArticleSketch(article_id=article_id, signature=signature, shingles=shingles))
    rows = [{"band": band, "article_id": article_id} for band in sorted(set(bands))]
    insert_ignoring_duplicates(session, table=ArticleBand, rows=rows)
    session.flush()


def band_candidates(session: Session, *, bands: Sequence[int], exclude: int, limit: int) -> list[int]:
    """Articles sharing at least one band hash with ``bands`` (other than ``exclude``), those
    sharing the most first, at most ``limit``."""
    if not bands:
        return []
    shared = func.count(col(ArticleBand.band))
    rows = session.exec(
        select(ArticleBand.article_id, shared)
        .where(col(ArticleBand.band).in_(sorted(set(bands))))
        .where(col(ArticleBand.article_id) != exclude)
        .group_by(col(ArticleBand.article_id))
        .order_by(shared.desc(), col(ArticleBand.article_id))
        .limit(limit)
    ).all()
    return [int(article_id) for article_id, _n in rows]


def load_sketches(session: Session, *, article_ids: Sequence[int]) -> dict[int, tuple[bytes, int]]:
    """``{article_id: (signature, shingles)}`` for the articles that have a sketch, in one query."""
    if not article_ids:
        return {}
    ids = sorted(set(article_ids))
    rows = session.exec(select(ArticleSketch).where(col(ArticleSketch.article_id).in_(ids)))
    return {s.article_id: (s.signature, s.shingles) for s in rows.all()}


def story_roots(session: Session, *, article_ids: Sequence[int]) -> dict[int, int]:
    """Each article's story: the article it is syndicated from, else itself; one query."""
    if not article_ids:
        return {}
    rows = session.exec(
        select(Article.id, Article.syndicated_from).where(col(Article.id).in_(sorted(set(article_ids))))
    ).all()
    return {int(i): int(root or i) for i, root in rows if i is not None}


def story_article_ids(session: Session, *, article: Article) -> set[int]:
    """Every article of ``article``'s story: the first one published and all its copies."""
    root = article.syndicated_from or article.id
    copies = session.exec(select(Article.id).where(Article.syndicated_from == root)).all()
    return {int(i) for i in (root, *copies) if i is not None}


def unattached_copy_claims(session: Session, *, original_id: int) -> list[Claim]:
    """Claims of the articles syndicated from ``original_id`` that are neither a copy of one
    of its claims nor in a topic: copies whose original claim was replaced."""
    copies = select(Article.id).where(Article.syndicated_from == original_id)
    return list(
        session.exec(
            select(Claim)
            .where(col(Claim.article_id).in_(copies))
            .where(col(Claim.copy_of).is_(None))
            .where(col(Claim.topic_id).is_(None))
        ).all()
    )
