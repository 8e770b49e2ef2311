"""Taking an article down (a legal takedown, a retraction): the article and everything derived
from it go in one transaction; the review history stays.

Keyword-only, ``session`` first; ``delete_article`` commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from service.models import (
    Article,
    ArticleBand,
    ArticleRevision,
    ArticleSketch,
    Claim,
    ConflictClaim,
    Review,
)
from service.repo.articles import set_status
from service.repo.claim_store import article_claims, remove_claims

# How much of a removed claim's content the audit note keeps.
NOTE_QUOTE_CHARS = 160


def deleted_note(*, note: str | None, article: Article, review: Review, claim: Claim | None) -> str:
    """A review's note with the line that records what it was about, now deleted."""
    if claim is not None:
        what = f'claim {claim.id} ("{claim.content[:NOTE_QUOTE_CHARS]}")'
    else:
        what = f"conflict {review.conflict_id}, with a claim"
    line = f"deleted: {what} of article {article.id} ({article.title[:NOTE_QUOTE_CHARS]}) was taken down"
    return f"{note}\n{line}" if note else line


def _annotate_reviews(session: Session, *, article: Article, claims: Sequence[Claim]) -> None:
    """Add the ``deleted`` line to every review of the article's claims and of their conflicts."""
    by_id = {int(c.id): c for c in claims if c.id is not None}
    if not by_id:
        return
    conflict_ids = select(ConflictClaim.conflict_id).where(col(ConflictClaim.claim_id).in_(sorted(by_id)))
    reviews = session.exec(
        select(Review).where(
            col(Review.claim_id).in_(sorted(by_id)) | col(Review.conflict_id).in_(conflict_ids)
        )
    ).all()
    for review in reviews:
        claim = by_id.get(review.claim_id) if review.claim_id is not None else None
        review.note = deleted_note(note=review.note, article=article, review=review, claim=claim)
        session.add(review)
    session.flush()


def _release_copies(session: Session, *, article_id: int) -> list[int]:
    """Articles syndicated from this one stand alone again (queued, to be processed anew); the
    links of their claims to this one's go with this one's claims (``remove_claims``)."""
    copies = list(session.exec(select(Article).where(Article.syndicated_from == article_id)).all())
    for copy in copies:
        copy.syndicated_from = None
        set_status(session, article=copy, status="queued")
    return [int(c.id) for c in copies if c.id is not None]


def delete_article(session: Session, *, article_id: int) -> list[int] | None:
    """Delete an article, its claims, their conflicts and topic memberships; commit.

    Topics lose the claims from their counts (a topic left with none leaves every list).
    Reviews of the claims and of their conflicts stay, with the link cleared and a
    ``deleted`` line in their note. Articles syndicated from this one are released and
    queued again: their ids are returned, for the caller to enqueue after the commit (None
    when there is no such article).
    """
    article = session.get(Article, article_id)
    if article is None:
        return None
    claims = article_claims(session, article_id=article_id)
    _annotate_reviews(session, article=article, claims=claims)
    requeued = _release_copies(session, article_id=article_id)
    remove_claims(session, claims=claims)
    session.exec(delete(ArticleBand).where(col(ArticleBand.article_id) == article_id))
    session.exec(delete(ArticleSketch).where(col(ArticleSketch.article_id) == article_id))
    # A takedown removes every body the article had, not only the current one.
    session.exec(delete(ArticleRevision).where(col(ArticleRevision.article_id) == article_id))
    session.delete(article)
    session.commit()
    return requeued
