"""How an article moves through claimtrack: extract → store claims → topics → conflicts.

``process_article`` is the one unit of work every runner executes (a Celery task in
production, an in-process thread in the embedded default). It takes an id, reads the
article from the database, and writes its results in one transaction, so running it twice
leaves the same rows.

``enqueue_article`` and ``enqueue_job`` are how the API and the command line hand work to
whichever runner is configured; they are called after the rows they name are committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlmodel import Session, col, select

from service.config import Settings
from service.db import get_engine
from service.models import Article
from service.repo.articles import article_lock, get_article, set_status, start_processing
from service.repo.extracted import replace_claims
from service.repo.jobs import get_job, job_article_ids, mark_job_running
from service.repo.linking import link_article, unlink_article
from workers.extraction import extract_article

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

TASK_PROCESS_ARTICLE = "claimtrack.process_article"
TASK_RUN_JOB = "claimtrack.run_job"
TASK_SWEEP = "claimtrack.sweep"


@dataclass(frozen=True)
class Outcome:
    """What processing one article did."""

    article_id: int
    # "done", "failed", "missing"; "busy" when another worker holds the article, "skipped"
    # when a duplicate message arrives for an article already finished.
    status: str
    claims: int = 0
    reason: str | None = None


class PermanentError(Exception):
    """An article that can never be processed as it is (bad text); not retried."""


def _link(session: Session, article_id: int) -> None:
    """Topics and conflicts for the article's fresh claims (same transaction)."""
    link_article(session, article_id=article_id)


def _unlink(session: Session, article_id: int) -> None:
    """Drop the article's old topic memberships and conflicts before its claims are replaced."""
    unlink_article(session, article_id=article_id)


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
        ids = job_article_ids(job)
        queued: list[int] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = session.exec(
                select(Article.id).where(col(Article.id).in_(chunk)).where(Article.status == "queued")
            ).all()
            queued.extend(int(r) for r in rows if r is not None)
        mark_job_running(session, job=job)
    for article_id in sorted(queued):
        send(article_id)
    return len(queued)


def enqueue_article(settings: Settings, article_id: int) -> None:
    """Hand a committed ``queued`` article to the configured runner; never raises.

    With a broker: a Celery message (if the broker is down the failure is logged and the
    sweeper re-sends the article later). Embedded: the in-process runner, started on first use.
    """
    if settings.embedded:
        from workers.runner import get_runner

        get_runner(settings).submit_article(article_id)
        return
    _send(settings, TASK_PROCESS_ARTICLE, article_id)


def enqueue_job(settings: Settings, job_id: int) -> None:
    """Hand a committed job to the configured runner; never raises (see ``enqueue_article``)."""
    if settings.embedded:
        from workers.runner import get_runner

        get_runner(settings).submit_job(job_id)
        return
    _send(settings, TASK_RUN_JOB, job_id)


def _send(settings: Settings, task_name: str, object_id: int) -> bool:
    from workers.celery_app import celery_for

    try:
        celery_for(settings).send_task(
            task_name,
            args=[object_id],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.3, "interval_max": 1.0},
        )
    except Exception:  # the broker is down: the row is committed, the sweeper re-sends it
        log.warning("could not send %s(%s) to the broker; the sweeper will re-send it", task_name, object_id)
        return False
    return True
