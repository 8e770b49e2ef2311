"""How an article moves through claimtrack: extract → store claims → topics → conflicts.

``process_article`` is the one unit of work every runner executes (a Celery task in
production, an in-process thread in the embedded default). It takes an id, reads the
article from the database, and writes its results in one transaction, so running it twice
leaves the same rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session

from service.db import get_engine
from service.repo.articles import set_status, start_processing
from service.repo.extracted import replace_claims
from workers.extraction import extract_article

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What processing one article did."""

    article_id: int
    status: str  # "done", "failed" or "missing"
    claims: int = 0
    reason: str | None = None


class PermanentError(Exception):
    """An article that can never be processed as it is (bad text); not retried."""


def _link(session: Session, article_id: int) -> None:
    """Topics and conflicts for the article's fresh claims (same transaction)."""
    try:
        from service.repo import linking
    except ModuleNotFoundError:  # TODO(linking): remove once service.repo.linking lands
        return
    linking.link_article(session, article_id=article_id)


def _unlink(session: Session, article_id: int) -> None:
    """Drop the article's old topic memberships and conflicts before its claims are replaced."""
    try:
        from service.repo import linking
    except ModuleNotFoundError:  # TODO(linking): remove once service.repo.linking lands
        return
    linking.unlink_article(session, article_id=article_id)


def process_article(database_url: str, article_id: int) -> Outcome:
    """Extract, store and link one article's claims; idempotent.

    In: an article id. Out: the article's status, claims replaced whole (old extractor
    version's claims, conflicts and topic memberships removed in the same transaction).
    Transient database errors propagate so the runner can retry; anything the extractor
    cannot handle marks the article ``failed`` with a reason.
    """
    engine = get_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        article = start_processing(session, article_id=article_id)
        if article is None:
            return Outcome(article_id, "missing")
        try:
            extraction = extract_article(article.body, published=article.published_at, publisher=article.publisher)
        except Exception as exc:  # the text, not the infrastructure: retrying will not help
            log.exception("extraction failed for article %s", article_id)
            set_status(session, article=article, status="failed", reason=f"extraction failed: {type(exc).__name__}")
            session.commit()
            return Outcome(article_id, "failed", reason=article.status_reason)
        try:
            _unlink(session, article_id)
            rows = replace_claims(session, article=article, extraction=extraction)
            session.flush()
            _link(session, article_id)
            set_status(session, article=article, status="done")
            session.commit()
        except BaseException:
            session.rollback()
            raise
        return Outcome(article_id, "done", claims=len(rows))
