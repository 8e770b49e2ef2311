"""How an article moves through claimtrack: extract → store claims → topics → conflicts.

``process_article`` is the one unit of work every runner executes (a Celery task in
production, an in-process thread in the embedded default). It takes an id, reads the
article, and writes its results in one transaction, so running it twice leaves the same
rows. ``run_job`` fans a job out into article ids. Handing work to a runner is
``workers.dispatch``; this module never sends anything itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session

from service.db import get_engine
from service.models import Article, Claim
from service.repo.articles import article_lock, get_article, set_status, start_processing
from service.repo.claim_store import replace_claims
from service.repo.jobs import get_job, mark_job_running, queued_job_article_ids
from workers.claims import claim_rows
from workers.extraction.extract import extract_article
from workers.extraction.types import ArticleExtraction
from workers.linking.step import link_article, unlink_article
from workers.syndicate import mark_syndication

log = logging.getLogger(__name__)

# Errors of the infrastructure, not of the article: worth retrying with backoff.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)
# Retries of a transient error, with exponential backoff and jitter, before the sweeper takes over.
MAX_RETRIES = 5


@dataclass(frozen=True)
class Outcome:
    """What processing one article did."""

    article_id: int
    # "done", "failed", "missing"; "busy" when another worker holds the article, "skipped"
    # when a duplicate message arrives for an article already finished.
    status: str
    claims: int = 0
    reason: str | None = None


def process_article(database_url: str, article_id: int, *, skip_finished: bool = False) -> Outcome:
    """Extract, store and link one article's claims; idempotent.

    In: an article id. Out: the article's status, claims replaced whole (old extractor
    version's claims, conflicts and topic memberships removed in the same transaction).
    Transient database errors propagate so the runner can retry; anything the extractor
    cannot handle marks the article ``failed`` with a reason. Only one worker processes an
    article at a time (``article_lock``); a second gets ``busy``. With ``skip_finished`` (how
    runners call it) a duplicate message for an article already ``done`` or ``failed`` is a
    no-op: re-extraction moves articles back to ``queued`` first.
    """
    engine = get_engine(database_url)
    with article_lock(engine, article_id=article_id) as held:
        if not held:
            return Outcome(article_id, "busy")
        with Session(engine, expire_on_commit=False) as session:
            if skip_finished:
                current = get_article(session, article_id=article_id)
                if current is None:
                    return Outcome(article_id, "missing")
                if current.status in ("done", "failed"):
                    return Outcome(article_id, "skipped", reason=f"already {current.status}")
            return _process(session, article_id)


def _process(session: Session, article_id: int) -> Outcome:
    article = start_processing(session, article_id=article_id)
    if article is None:
        return Outcome(article_id, "missing")
    try:
        extraction = extract_article(
            article.body, published=article.published_at, publisher=article.publisher
        )
    except Exception as exc:  # the text, not the infrastructure: retrying will not help
        log.exception("extraction failed for article %s", article_id)
        reason = f"extraction failed: {type(exc).__name__}"
        set_status(session, article=article, status="failed", reason=reason)
        session.commit()
        return Outcome(article_id, "failed", reason=article.status_reason)
    try:
        count = store_and_link(session, article, extraction=extraction)
        set_status(session, article=article, status="done")
        session.commit()
    except BaseException:
        session.rollback()
        raise
    log.info("article %s done: %s claims", article_id, count)
    return Outcome(article_id, "done", claims=count)


def store_and_link(session: Session, article: Article, *, extraction: ArticleExtraction) -> int:
    """Replace an article's claims with ``extraction``'s and link them (not committed).

    In: a stored article and its extraction. Out: how many claims it now has; its old claims'
    conflicts and topic memberships are gone, the new claims have sources, topics and
    conflicts, except those repeating the story's first article (a syndicated copy), which
    point at the claims they repeat instead. Idempotent.
    """
    assert article.id is not None
    unlink_article(session, article_id=article.id)
    rows = store_claims(session, article, extraction=extraction)
    mark_syndication(session, article)
    link_article(session, article_id=article.id)
    return len(rows)


def store_claims(session: Session, article: Article, *, extraction: ArticleExtraction) -> list[Claim]:
    """Make ``extraction``'s attributions the article's claim rows (flushed, not committed, not
    linked). Idempotent: the article's previous claims are replaced whole."""
    rows, parents = claim_rows(article=article, extraction=extraction)
    replace_claims(session, article=article, rows=rows, parents=parents, version=extraction.version)
    session.flush()
    return rows


def run_job(database_url: str, job_id: int, *, send: Callable[[int], None]) -> int:
    """Send every article of a job that is still ``queued`` to ``send``; idempotent.

    In: a job id (its articles are already stored and ``queued``). Out: the number of
    articles sent; the job is marked ``running``. Sending twice is harmless: a duplicate
    message for a finished article is skipped, one for a busy article is a no-op.
    """
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        job = get_job(session, job_id=job_id)
        if job is None:
            return 0
        queued = queued_job_article_ids(session, job=job)
        mark_job_running(session, job=job)
    for article_id in queued:
        send(article_id)
    return len(queued)
