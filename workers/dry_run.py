"""Dry-run re-extraction: what re-extracting an article would change, without changing it.

``dry_run_article`` runs the real pipeline step (``store_and_link``: claim matching, claim
replacement, sources, topics, conflicts) inside a transaction, reads what it did, and rolls
it back; so the report is what a real run would do at that moment, conflicts included, and
nothing is written but the report. ``run_dry_run`` does this for every article of a job.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session

from service.db import get_engine
from service.models import Article, Claim, utcnow
from service.repo.articles import article_lock, get_article
from service.repo.claim_store import article_claims
from service.repo.jobs import get_job, job_article_ids
from service.repo.reports import (
    claims_fingerprint,
    conflicts_of_claims,
    reported_article_ids,
    save_report,
)
from workers.extraction import EXTRACTOR_VERSION
from workers.extraction.extract import extract_article
from workers.pipeline import store_and_link
from workers.reingest_report import ClaimSnapshot, build_report, not_reported

log = logging.getLogger(__name__)


def snapshot(claim: Claim, *, stored: bool) -> ClaimSnapshot:
    """A claim row as the report shows it."""
    spans = claim.spans if isinstance(claim.spans, dict) else {}
    return ClaimSnapshot(
        id=int(claim.id or 0) if stored else None,
        ordinal=claim.ordinal,
        source=claim.source_mention,
        cue=claim.cue,
        content=claim.content,
        stance=claim.stance,
        spans=spans,
        review_status=claim.review_status,
    )


def _report(session: Session, article: Article) -> dict[str, Any]:
    """Re-extract, store and link the article in the session's transaction and report what
    changed; the caller rolls the transaction back."""
    assert article.id is not None
    old_claims = article_claims(session, article_id=article.id)
    old = [snapshot(c, stored=True) for c in old_claims]
    before = conflicts_of_claims(session, claim_ids=[int(c.id or 0) for c in old_claims])
    extraction = extract_article(article.body, published=article.published_at, publisher=article.publisher)
    stored = store_and_link(session, article, extraction=extraction)
    kept = set(stored.plan.kept)
    new = [snapshot(c, stored=i in kept) for i, c in enumerate(stored.claims)]
    new_ids = {int(c.id or 0): i for i, c in enumerate(stored.claims) if i not in kept}
    after = conflicts_of_claims(session, claim_ids=[int(c.id or 0) for c in stored.claims])
    report = build_report(
        old=old, new=new, plan=stored.plan, conflicts_before=before, conflicts_after=after, new_ids=new_ids
    )
    return report


def dry_run_article(database_url: str, job_id: int, article_id: int) -> str:
    """Report what re-extracting one article would change; idempotent (a report already
    stored for this job and article stays). Out: the report's status (``ok``, ``skipped``,
    ``failed``). Nothing but the report is written."""
    engine = get_engine(database_url)
    with (
        article_lock(engine, article_id=article_id) as held,
        Session(engine, expire_on_commit=False) as session,
    ):
        article = get_article(session, article_id=article_id)
        content_hash = article.content_hash if article is not None else ""
        fingerprint = claims_fingerprint(session, article=article) if article is not None else ""
        if article is None:
            report = not_reported("skipped", "article not found")
        elif not held:
            report = not_reported("skipped", "article was being processed")
        elif article.status != "done":
            report = not_reported("skipped", f"article is {article.status}")
        else:
            try:
                report = _report(session, article)
            except Exception as exc:  # the text, not the infrastructure: report it and go on
                log.exception("dry run of article %s failed", article_id)
                report = not_reported("failed", f"extraction failed: {type(exc).__name__}")
            # The process's nearest-topic index re-reads what the rolled-back linking touched
            # at its next refresh (``TopicVectors.refresh``).
            session.rollback()
        save_report(
            session,
            job_id=job_id,
            article_id=article_id,
            content_hash=content_hash,
            fingerprint=fingerprint,
            version=EXTRACTOR_VERSION,
            report=report,
        )
        session.commit()
        return str(report["status"])


def run_dry_run(database_url: str, job_id: int) -> int:
    """Report every article of a dry-run job that has no report yet, then finish the job;
    idempotent. Out: how many articles were reported now."""
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        job = get_job(session, job_id=job_id)
        if job is None:
            return 0
        reported = reported_article_ids(session, job_id=job_id)
        pending = [i for i in job_article_ids(job) if i not in reported]
        job.status = "running"
        session.add(job)
        session.commit()
    for article_id in pending:
        dry_run_article(database_url, job_id, article_id)
    with Session(get_engine(database_url), expire_on_commit=False) as session:
        job = get_job(session, job_id=job_id)
        if job is not None:
            job.status, job.done, job.finished_at = "done", len(job_article_ids(job)), utcnow()
            session.add(job)
            session.commit()
    return len(pending)
