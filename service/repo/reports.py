"""Data access for dry-run re-extraction: the job, its per-article reports, and the real run
that applies them to the articles unchanged since. Keyword-only, ``session`` first.

A report records the state it was made from: the article's content hash, a fingerprint of its
stored claims, and the extractor version. A real run made from the report re-extracts only
the articles whose three values are still the same, so it does exactly what the report shows
(extraction is deterministic for a body and an extractor version); the others are skipped and
listed in the real run's ``params["skipped"]``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from service.models import Article, Claim, Conflict, ConflictClaim, Job, JobReport, utcnow
from service.repo.articles import outdated_article_ids, set_status
from service.repo.upsert import insert_ignoring_duplicates

DRY_RUN = "reingest_dry_run"
# Totals every report carries, summed for the job.
TOTALS = (
    "articles",
    "kept",
    "added",
    "removed",
    "changed",
    "conflicts_gained",
    "conflicts_lost",
    "reviewed_unmatched",
    "skipped",
    "failed",
)


def claims_fingerprint(session: Session, *, article: Article) -> str:
    """A digest of an article's stored claims (ids, stances, spans) and the extractor and
    revision that made them: it changes whenever anything a report was made from changes."""
    digest = hashlib.sha256()
    digest.update(f"{article.extractor_version}|{article.claims_revision}|{article.revision}".encode())
    rows = session.exec(
        select(col(Claim.id), col(Claim.stance), col(Claim.spans))
        .where(Claim.article_id == article.id)
        .order_by(col(Claim.id))
    ).all()
    for claim_id, stance, spans in rows:
        digest.update(json.dumps([claim_id, stance, spans], sort_keys=True).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class ConflictState:
    """A stored conflict as a report names it."""

    id: int
    key: str
    kind: str
    claim_ids: tuple[int, ...]


def conflicts_of_claims(session: Session, *, claim_ids: Sequence[int]) -> dict[str, ConflictState]:
    """Every conflict any of ``claim_ids`` takes part in, by key, with all its claims."""
    if not claim_ids:
        return {}
    involved = select(col(ConflictClaim.conflict_id)).where(col(ConflictClaim.claim_id).in_(list(claim_ids)))
    rows = session.exec(
        select(col(Conflict.id), col(Conflict.key), col(Conflict.kind), col(ConflictClaim.claim_id))
        .join(ConflictClaim, col(ConflictClaim.conflict_id) == col(Conflict.id))
        .where(col(Conflict.id).in_(involved))
        .order_by(col(Conflict.id), col(ConflictClaim.claim_id))
    ).all()
    members: dict[int, list[int]] = {}
    heads: dict[int, tuple[str, str]] = {}
    for conflict_id, key, kind, claim_id in rows:
        members.setdefault(int(conflict_id or 0), []).append(claim_id)
        heads[int(conflict_id or 0)] = (str(key), str(kind))
    return {
        heads[i][0]: ConflictState(i, heads[i][0], heads[i][1], tuple(members[i])) for i in sorted(members)
    }


def select_articles(session: Session, *, version: str, article_ids: Sequence[int] | None) -> list[int]:
    """The articles a re-extraction covers: ``article_ids`` that exist and are ``done``, or when
    none are given every ``done`` article made by another extractor version than ``version``."""
    if article_ids is None:
        return outdated_article_ids(session, version=version)
    wanted = sorted(set(article_ids))
    if not wanted:
        return []
    rows = session.exec(
        select(col(Article.id)).where(col(Article.id).in_(wanted)).where(Article.status == "done")
    ).all()
    return sorted(int(i) for i in rows if i is not None)


def create_dry_run_job(
    session: Session, *, article_ids: list[int], version: str, created_by: str | None
) -> Job:
    """A dry-run re-extraction job over ``article_ids``; commit. The articles are not touched."""
    job = Job(
        kind=DRY_RUN,
        status="queued",
        total=len(article_ids),
        params={"article_ids": article_ids, "version": version, "dry_run": True},
        created_by=created_by,
    )
    session.add(job)
    session.commit()
    session.refresh(job)
    return job


def save_report(
    session: Session,
    *,
    job_id: int,
    article_id: int,
    content_hash: str,
    fingerprint: str,
    version: str,
    report: dict[str, Any],
) -> None:
    """Store one article's report (not committed); a second report for the same article and
    job is ignored, so a re-run job leaves the first."""
    row = {
        "job_id": job_id,
        "article_id": article_id,
        "content_hash": content_hash,
        "claims_fingerprint": fingerprint,
        "extractor_version": version,
        "report": report,
        "created_at": utcnow(),
    }
    insert_ignoring_duplicates(session, table=JobReport, rows=[row])


def reported_article_ids(session: Session, *, job_id: int) -> set[int]:
    """The articles of a job that have their report."""
    rows = session.exec(select(col(JobReport.article_id)).where(JobReport.job_id == job_id)).all()
    return {int(i) for i in rows}


def count_reports(session: Session, *, job_id: int) -> int:
    """How many of a job's articles have their report."""
    return int(session.exec(select(func.count()).where(JobReport.job_id == job_id)).one())


def job_reports(session: Session, *, job_id: int, page: int, page_size: int) -> list[JobReport]:
    """One page of a job's reports, by article id."""
    return list(
        session.exec(
            select(JobReport)
            .where(JobReport.job_id == job_id)
            .order_by(col(JobReport.article_id))
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
    )


def report_totals(session: Session, *, job_id: int) -> dict[str, int]:
    """The job's totals: every article report's ``totals`` summed."""
    totals = dict.fromkeys(TOTALS, 0)
    for report in session.exec(select(JobReport.report).where(JobReport.job_id == job_id)).all():
        for name, value in (report.get("totals") or {}).items():
            if name in totals:
                totals[name] += int(value)
    return totals


def create_run_from_report(session: Session, *, dry_run: Job, version: str, created_by: str | None) -> Job:
    """The real run of a finished dry run: a ``reingest`` job over the reported articles whose
    content, stored claims and extractor are as the report saw them, moved back to ``queued``
    in the same commit. The others are listed with the reason in ``params["skipped"]``."""
    included: list[int] = []
    skipped: list[dict[str, Any]] = []
    for row in session.exec(
        select(JobReport).where(JobReport.job_id == dry_run.id).order_by(col(JobReport.article_id))
    ):
        reason = _stale_reason(session, row=row, version=version)
        if reason is None:
            included.append(row.article_id)
        else:
            skipped.append({"article_id": row.article_id, "reason": reason})
    job = Job(
        kind="reingest",
        status="queued" if included else "done",
        total=len(included),
        params={"article_ids": included, "version": version, "from_dry_run": dry_run.id, "skipped": skipped},
        created_by=created_by,
        finished_at=None if included else utcnow(),
    )
    session.add(job)
    for article in session.exec(select(Article).where(col(Article.id).in_(included))).all():
        set_status(
            session, article=article, status="queued", reason=f"re-extraction from dry run {dry_run.id}"
        )
    session.commit()
    session.refresh(job)
    return job


def _stale_reason(session: Session, *, row: JobReport, version: str) -> str | None:
    """Why a report no longer describes what re-extracting its article would do, or None."""
    if row.report.get("status") != "ok":
        return f"not reported: {row.report.get('reason') or row.report.get('status')}"
    article = session.get(Article, row.article_id)
    if article is None:
        return "article deleted since the dry run"
    if article.status != "done":
        return f"article is {article.status}"
    if article.content_hash != row.content_hash:
        return "article revised since the dry run"
    if row.extractor_version != version:
        return f"the dry run used extractor {row.extractor_version}, this run uses {version}"
    if claims_fingerprint(session, article=article) != row.claims_fingerprint:
        return "claims changed since the dry run"
    return None
