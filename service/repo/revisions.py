"""Data access for article revisions: a new body under a known ``external_id``, and the old ones.

The article row always holds the current revision; each body it replaced is kept as an
``ArticleRevision`` row. The stored claims index the body of ``Article.claims_revision``
until the pipeline re-extracts the new one. Keyword-only, ``session`` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from service.models import Article, ArticleRevision, utcnow
from service.repo.articles import (
    ARTICLE_FIELDS,
    content_hash,
    create_article,
    find_by_hash,
    parse_date,
    set_status,
)


@dataclass(frozen=True)
class RevisionView:
    """One revision of an article as readers see it; ``current`` for the article's own body."""

    article_id: int
    revision: int
    title: str
    body: str
    content_hash: str
    revised_at: datetime
    current: bool


def find_by_external_id(session: Session, *, external_id: str) -> Article | None:
    """The newest article stored under ``external_id``, if any."""
    query = select(Article).where(Article.external_id == external_id).order_by(col(Article.id).desc())
    return session.exec(query.limit(1)).first()


def submit_article(session: Session, *, data: dict[str, Any]) -> tuple[Article, str]:
    """Store a submitted article and commit; return it and what happened.

    ``"existing"``: the same title and body are already stored, or were an earlier revision of
    the article with this ``external_id`` (a late copy of an old version does not undo the
    newer one); nothing changes. ``"revised"``:
    an article with the same ``external_id`` exists, and this becomes its next revision.
    ``"created"``: a new article. The caller enqueues the article when it is not ``"existing"``.
    """
    digest = content_hash(title=data["title"], body=data["body"])
    found = find_by_hash(session, digest=digest)
    if found is not None:
        return found, "existing"
    external_id = data.get("external_id")
    current = find_by_external_id(session, external_id=external_id) if external_id else None
    if current is None:
        article, created = create_article(session, data=data)
        return article, "created" if created else "existing"
    if was_revision(session, article=current, digest=digest):
        return current, "existing"
    try:
        return revise_article(session, article=current, data=data, digest=digest), "revised"
    except IntegrityError:
        # The same content, or another revision of this article, was stored at the same moment.
        session.rollback()
        found = find_by_hash(session, digest=digest)
        if found is None:
            raise
        return found, "existing"


def was_revision(session: Session, *, article: Article, digest: str) -> bool:
    """Whether content with hash ``digest`` was an earlier revision of ``article``."""
    query = (
        select(ArticleRevision.id)
        .where(ArticleRevision.article_id == article.id)
        .where(ArticleRevision.content_hash == digest)
    )
    return session.exec(query.limit(1)).first() is not None


def revise_article(session: Session, *, article: Article, data: dict[str, Any], digest: str) -> Article:
    """Keep the article's current body as a revision and make ``data`` its next one; commit.

    The article goes back to ``queued`` for re-extraction. Raises IntegrityError when the
    same revision of the same article was made concurrently (``(article_id, revision)`` is unique).
    """
    apply_revision(session, article=article, data=data, digest=digest)
    session.commit()
    session.refresh(article)
    return article


def newest_by_external_id(session: Session, *, external_ids: Sequence[str]) -> dict[str, Article]:
    """The newest article stored under each of ``external_ids`` that has one."""
    found: dict[str, Article] = {}
    wanted = sorted(set(external_ids))
    for start in range(0, len(wanted), 500):
        query = select(Article).where(col(Article.external_id).in_(wanted[start : start + 500]))
        for row in session.exec(query.order_by(col(Article.id))).all():
            if row.external_id is not None:
                found[row.external_id] = row
    return found


def apply_revision(session: Session, *, article: Article, data: dict[str, Any], digest: str) -> None:
    """``revise_article`` without the commit: the caller's transaction holds the change."""
    if article.id is None:
        session.flush()
    assert article.id is not None
    session.add(
        ArticleRevision(
            article_id=article.id,
            revision=article.revision,
            title=article.title,
            body=article.body,
            content_hash=article.content_hash,
            revised_at=article.revised_at or article.created_at,
        )
    )
    for name in ARTICLE_FIELDS:
        if name in data:
            setattr(article, name, parse_date(data[name]) if name == "published_at" else data[name])
    article.content_hash = digest
    article.revision += 1
    article.revised_at = utcnow()
    article.attempts = 0
    set_status(session, article=article, status="queued", reason=f"revision {article.revision}")
    session.flush()


def _view(row: ArticleRevision | Article) -> RevisionView:
    if isinstance(row, Article):
        article_id, revised_at, current = int(row.id or 0), row.revised_at or row.created_at, True
    else:
        article_id, revised_at, current = row.article_id, row.revised_at, False
    return RevisionView(article_id, row.revision, row.title, row.body, row.content_hash, revised_at, current)


def list_revisions(session: Session, *, article: Article) -> list[RevisionView]:
    """Every revision of an article, oldest first, the current one last."""
    rows = session.exec(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .order_by(col(ArticleRevision.revision))
    ).all()
    return [*(_view(r) for r in rows), _view(article)]


def get_revision(session: Session, *, article: Article, revision: int) -> RevisionView | None:
    """Revision ``revision`` of an article (its current body for the current number), or None."""
    if revision == article.revision:
        return _view(article)
    row = session.exec(
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .where(ArticleRevision.revision == revision)
    ).first()
    return _view(row) if row is not None else None


def claims_body(session: Session, *, article: Article) -> str:
    """The body the article's stored claims were read from (their spans index it)."""
    if article.claims_revision is None or article.claims_revision == article.revision:
        return article.body
    found = get_revision(session, article=article, revision=article.claims_revision)
    return found.body if found is not None else article.body
