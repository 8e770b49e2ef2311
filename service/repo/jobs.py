"""Data access for jobs: batch ingestion and re-extraction runs, and their progress.

A job lists the articles it covers in ``params["article_ids"]``; its progress is always
computed from those articles' statuses, so it can never drift from what the pipeline did.
Keyword-only, ``session`` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from service.models import Article, Job, utcnow
from service.repo.articles import (
    ARTICLE_FIELDS,
    content_hash,
    outdated_article_ids,
    parse_date,
    set_status,
)
from service.repo.reports import DRY_RUN, count_reports
from service.repo.revisions import apply_revision, newest_by_external_id, was_revision

FINISHED = ("done", "failed")


def _article_row(data: dict[str, Any], *, digest: str, job_id: int | None) -> Article:
    values: dict[str, Any] = {k: data.get(k) for k in ARTICLE_FIELDS}
    values["published_at"] = parse_date(values.get("published_at"))
    return Article(**values, content_hash=digest, job_id=job_id)


def _store_batch(
    session: Session, *, articles: list[dict[str, Any]], created_by: str | None
) -> tuple[Job, list[int]]:
    job = Job(kind="batch_ingest", status="queued", total=len(articles), created_by=created_by)
    session.add(job)
    session.flush()
    digests = [content_hash(title=a["title"], body=a["body"]) for a in articles]
    existing: dict[str, Article] = {}
    for chunk_start in range(0, len(digests), 500):
        chunk = list(set(digests[chunk_start : chunk_start + 500]))
        for row in session.exec(select(Article).where(col(Article.content_hash).in_(chunk))).all():
            existing[row.content_hash] = row
    # New content under a stored external_id is that article's next revision, as one by one.
    by_external = newest_by_external_id(
        session, external_ids=[a["external_id"] for a in articles if a.get("external_id")]
    )
    rows: list[Article] = []
    for data, digest in zip(articles, digests, strict=True):
        found = existing.get(digest)
        if found is None:
            found = by_external.get(data.get("external_id") or "")
            if found is None:
                found = _article_row(data, digest=digest, job_id=job.id)
                session.add(found)
            elif found.id is None or not was_revision(session, article=found, digest=digest):
                # (A late copy of an earlier revision leaves the article as it is.)
                apply_revision(session, article=found, data=data, digest=digest)
            existing[digest] = found
            if data.get("external_id"):
                by_external[data["external_id"]] = found
        rows.append(found)
    session.flush()
    ids = [int(r.id) for r in rows if r.id is not None]
    job.params = {"article_ids": ids}
    session.add(job)
    session.commit()
    session.refresh(job)
    return job, ids


def create_batch_job(
    session: Session, *, articles: list[dict[str, Any]], created_by: str | None
) -> tuple[Job, list[int]]:
    """Store every article (``queued``; identical content already stored is reused; new content
    under a stored ``external_id`` becomes that article's next revision) and a
    ``batch_ingest`` job covering them, in one commit.

    Returns the job and the article ids, one per input article in input order (duplicates
    map to the same id). Nothing is enqueued here: the caller enqueues after this commit.
    """
    try:
        return _store_batch(session, articles=articles, created_by=created_by)
    except IntegrityError:
        # Another writer stored some of the same content between our lookup and insert:
        # start over, now finding their rows.
        session.rollback()
        return _store_batch(session, articles=articles, created_by=created_by)


def create_reingest_job(
    session: Session, *, version: str, created_by: str | None, article_ids: list[int] | None = None
) -> Job:
    """A ``reingest`` job over ``article_ids`` (already selected), or else every article whose
    claims come from an extractor other than ``version``; those articles are moved back to
    ``queued`` in the same commit, so the sweeper re-sends them even if the job's own message
    is lost. Returns the job.
    """
    ids = outdated_article_ids(session, version=version) if article_ids is None else article_ids
    job = Job(
        kind="reingest",
        status="queued" if ids else "done",
        total=len(ids),
        params={"article_ids": ids, "version": version},
        created_by=created_by,
        finished_at=None if ids else utcnow(),
    )
    session.add(job)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for article in session.exec(select(Article).where(col(Article.id).in_(chunk))).all():
            set_status(session, article=article, status="queued", reason="re-extraction requested")
    session.commit()
    session.refresh(job)
    return job


def get_job(session: Session, *, job_id: int) -> Job | None:
    """One job by id."""
    return session.get(Job, job_id)


def job_article_ids(job: Job) -> list[int]:
    """The ids of the articles a job covers, each once, in order."""
    seen: dict[int, None] = {}
    for value in job.params.get("article_ids", []):
        seen.setdefault(int(value), None)
    return list(seen)


def queued_job_article_ids(session: Session, *, job: Job) -> list[int]:
    """The job's articles still ``queued``, in id order."""
    ids = job_article_ids(job)
    queued: list[int] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.exec(
            select(Article.id).where(col(Article.id).in_(chunk)).where(Article.status == "queued")
        ).all()
        queued.extend(int(r) for r in rows if r is not None)
    return sorted(queued)


def article_statuses(session: Session, *, article_ids: Sequence[int]) -> dict[int, str]:
    """The status of each of ``article_ids`` that exists."""
    ids = list(dict.fromkeys(article_ids))
    statuses: dict[int, str] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        rows = session.exec(select(Article.id, Article.status).where(col(Article.id).in_(chunk))).all()
        statuses.update({int(i): str(status) for i, status in rows if i is not None})
    return statuses


def job_progress(session: Session, *, job: Job) -> dict[str, Any]:
    """Where a job stands: ``total``, ``done``, ``failed``, ``queued``, ``processing`` and a
    ``status`` (``queued``, ``running``, ``done`` or ``failed`` when every article failed).

    ``queued`` counts articles not yet started; ``processing`` those being processed now.
    Computed from the articles' statuses; the job row is not modified.
    """
    if job.kind == DRY_RUN:
        return _dry_run_progress(session, job=job)
    # One entry per submitted article, duplicates included, so ``total`` matches the request.
    ids = [int(i) for i in job.params.get("article_ids", [])]
    statuses = article_statuses(session, article_ids=ids)
    counts = {"queued": 0, "processing": 0, "done": 0, "failed": 0}
    for article_id in ids:
        status = statuses.get(article_id, "failed")  # an article deleted since counts as lost
        counts[status] = counts.get(status, 0) + 1
    total = len(ids)
    finished = counts["done"] + counts["failed"]
    if total == 0 or finished >= total:
        status = "failed" if total and counts["failed"] == total else "done"
    elif finished or counts["processing"] or job.status == "running":
        status = "running"
    else:
        status = job.status if job.status in ("queued", "running") else "running"
    return {
        "total": total,
        "done": counts["done"],
        "failed": counts["failed"],
        "queued": counts["queued"],
        "processing": counts["processing"],
        "status": status,
    }


def _dry_run_progress(session: Session, *, job: Job) -> dict[str, Any]:
    """A dry run's progress: its articles stay as they are, so count their reports."""
    total = len(job_article_ids(job))
    done = count_reports(session, job_id=int(job.id or 0))
    status = "done" if done >= total else "running" if done or job.status == "running" else job.status
    queued = total - done
    return {"total": total, "done": done, "failed": 0, "queued": queued, "processing": 0, "status": status}


def mark_job_running(session: Session, *, job: Job) -> None:
    """Record that a job's articles have been sent; commit."""
    if job.status == "queued":
        job.status = "running"
        session.add(job)
        session.commit()


def finish_jobs(session: Session) -> list[int]:
    """Store final counts on every unfinished job whose articles are all done or failed;
    commit. Idempotent. Returns the ids of the jobs it finished."""
    finished: list[int] = []
    for job in session.exec(select(Job).where(col(Job.status).in_(["queued", "running"]))).all():
        progress = job_progress(session, job=job)
        if progress["status"] not in FINISHED:
            continue
        job.status = progress["status"]
        job.done = progress["done"]
        job.failed = progress["failed"]
        job.finished_at = utcnow()
        session.add(job)
        if job.id is not None:
            finished.append(job.id)
    session.commit()
    return finished
