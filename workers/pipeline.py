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
from service.repo.articles import article_lock, finish_if_current, get_article, set_status, start_processing
from service.repo.claim_store import article_claims, replace_claims
from service.repo.jobs import get_job, mark_job_running, queued_job_article_ids
from service.repo.outbox import committed_deliveries
from service.repo.reports import DRY_RUN
from service.repo.revisions import claims_body
from workers.claim_matching import ClaimShape, MatchPlan, match_claims
from workers.claims import claim_rows
from workers.extraction.extract import extract_article
from workers.extraction.types import ArticleExtraction
from workers.linking.step import link_article
from workers.linking.topic_cache import TopicsChanged
from workers.syndicate import mark_syndication

log = logging.getLogger(__name__)

# Errors of the infrastructure, not of the article: worth retrying with backoff.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
    TopicsChanged,  # other workers kept changing the article's topics: it is placed again later
)
# Retries of a transient error, with exponential backoff and jitter, before the sweeper takes over.
MAX_RETRIES = 5
# Times an article revised while it is processed is processed again at once.
REVISION_RACES = 3


@dataclass(frozen=True)
class Outcome:
    """What processing one article did."""

    article_id: int
    # "done", "failed", "missing"; "busy" when another worker holds the article, "skipped"
    # when a duplicate message arrives for an article already finished (or it keeps being
    # revised while processed); "revised" only inside ``_process``.
    status: str
    claims: int = 0
    reason: str | None = None
    # Webhook deliveries the outcome committed (``article.done``/``failed``, ``conflict.created``).
    webhooks: tuple[int, ...] = ()


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
    """Process the article; when a new revision arrived while it was extracted, process that
    one at once (this worker holds the article's lock, so the revision's own message finds it
    busy and is dropped)."""
    for _ in range(REVISION_RACES):
        outcome = _process_revision(session, article_id)
        if outcome.status != "revised":
            return outcome
    # Still being revised: the article stays ``queued`` and the sweeper re-sends it.
    return Outcome(article_id, "skipped", reason="revised during processing")


def _process_revision(session: Session, article_id: int) -> Outcome:
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
        webhooks = tuple(committed_deliveries(session))
        return Outcome(article_id, "failed", reason=article.status_reason, webhooks=webhooks)
    try:
        stored = store_and_link(session, article, extraction=extraction)
        # A new revision posted while this one was extracted: its own message redoes the work.
        if not finish_if_current(session, article_id=article_id, revision=article.revision):
            session.rollback()
            log.info("article %s was revised during processing; processing the new revision", article_id)
            return Outcome(article_id, "revised")
        session.commit()
    except BaseException:
        session.rollback()
        raise
    count = len(stored.claims)
    log.info("article %s done: %s claims", article_id, count)
    return Outcome(article_id, "done", claims=count, webhooks=tuple(committed_deliveries(session)))


@dataclass
class Stored:
    """What storing and linking an article's extraction did: its claims (one per attribution),
    how they relate to the claims it had (keys: row index, old claim id)."""

    claims: list[Claim]
    plan: MatchPlan


def store_and_link(session: Session, article: Article, *, extraction: ArticleExtraction) -> Stored:
    """Replace an article's claims with ``extraction``'s and link them (not committed).

    In: a stored article and its extraction. Out: its claims now, and the plan that related
    them to the old ones. Claims that survive (``workers.claim_matching``) keep their id,
    reviews, topic and conflicts; the others' conflicts and topic memberships are gone; new
    claims have sources, topics and conflicts, except those repeating the story's first
    article (a syndicated copy), which point at the claims they repeat instead. Idempotent.
    """
    assert article.id is not None
    claims, plan = store_claims_planned(session, article, extraction=extraction)
    mark_syndication(session, article, claims)
    link_article(session, article_id=article.id)
    return Stored(claims=claims, plan=plan)


def claim_shape(key: int, claim: Claim) -> ClaimShape:
    """What claim matching needs of a claim row."""
    spans = claim.spans if isinstance(claim.spans, dict) else {}
    return ClaimShape(key=key, spans=spans, stance=claim.stance)


def plan_claims(session: Session, article: Article, *, stored: list[Claim], rows: list[Claim]) -> MatchPlan:
    """How new claim rows (keyed by index) relate to the article's ``stored`` claims (by id),
    aligning the body the stored claims were read from with the current one. Reads only."""
    return match_claims(
        old_body=claims_body(session, article=article),
        old=[claim_shape(int(c.id or 0), c) for c in stored],
        new_body=article.body,
        new=[claim_shape(i, r) for i, r in enumerate(rows)],
    )


def store_claims_planned(
    session: Session, article: Article, *, extraction: ArticleExtraction
) -> tuple[list[Claim], MatchPlan]:
    """Make ``extraction``'s attributions the article's claims (flushed, not committed, not
    linked), keeping the stored claims that survive; returns the claims and the plan."""
    assert article.id is not None
    rows, parents = claim_rows(article=article, extraction=extraction)
    stored = article_claims(session, article_id=article.id)
    plan = plan_claims(session, article, stored=stored, rows=rows)
    claims = replace_claims(
        session,
        article=article,
        rows=rows,
        parents=parents,
        version=extraction.version,
        stored=stored,
        kept=plan.kept,
        superseded=plan.superseded(),
    )
    session.flush()
    return claims, plan


def store_claims(session: Session, article: Article, *, extraction: ArticleExtraction) -> list[Claim]:
    """Make ``extraction``'s attributions the article's claim rows (flushed, not committed, not
    linked). Idempotent: claims that survive keep their ids, the others are replaced."""
    return store_claims_planned(session, article, extraction=extraction)[0]


def run_job(database_url: str, job_id: int, *, send: Callable[[int], None]) -> int:
    """Send every article of a job that is still ``queued`` to ``send``; idempotent.

    In: a job id (its articles are already stored and ``queued``). Out: the number of
    articles sent; the job is marked ``running``. Sending twice is harmless: a duplicate
    message for a finished article is skipped, one for a busy article is a no-op. A dry-run
    job sends nothing: its reports are made here, one article after another
    (``workers.dry_run``), and the number reported is returned.
    """
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        job = get_job(session, job_id=job_id)
        if job is None:
            return 0
        if job.kind == DRY_RUN:
            # Imported here: the dry run is built on this module's store_and_link.
            from workers.dry_run import run_dry_run

            return run_dry_run(database_url, job_id)
        queued = queued_job_article_ids(session, job=job)
        mark_job_running(session, job=job)
    for article_id in queued:
        send(article_id)
    return len(queued)
