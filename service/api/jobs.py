"""``/api/v1/jobs/{id}`` and ``/api/v1/reingest``: batch and re-extraction jobs, their progress,
and the report of a dry-run re-extraction."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from sqlmodel import Session

from schemas.common import PageArgsSchema
from schemas.jobs import JobReportSchema, JobSchema, ReingestInSchema
from service.api.common import JSON, accepts, check_id, not_found, page_of, with_not_found
from service.auth import actor_name, requires
from service.models import Job
from service.repo.jobs import create_reingest_job, get_job, job_progress
from service.repo.reports import (
    DRY_RUN,
    count_reports,
    create_dry_run_job,
    create_run_from_report,
    job_reports,
    report_totals,
    select_articles,
)
from service.web import get_session, get_settings
from workers.dispatch import EXTRACTOR_VERSION, enqueue_job

blp = Blueprint("jobs", __name__, url_prefix="/api/v1", description="Batch ingestion and re-extraction jobs")


def job_payload(session: Session, job: Job) -> dict[str, Any]:
    """A job as the API shows it: the stored row with live progress counted from its articles."""
    progress = job_progress(session, job=job)
    payload = job.model_dump()
    payload.update(
        status=progress.get("status", job.status),
        done=progress.get("done", job.done),
        failed=progress.get("failed", job.failed),
        total=progress.get("total", job.total),
        progress=progress,
        report=None,
    )
    if job.kind == DRY_RUN:
        assert job.id is not None
        payload["report"] = {
            "totals": report_totals(session, job_id=job.id),
            "url": url_for("jobs.JobReport", job_id=job.id),
            "dashboard": url_for("dashboard.job_report", job_id=job.id),
        }
    return payload


def _job(job_id: int) -> Job:
    job = get_job(get_session(), job_id=check_id("job", job_id))
    if job is None:
        not_found("job", job_id)
    return job


@blp.route("/jobs/<int:job_id>")
class JobItem(MethodView):
    """One job."""

    @blp.response(200, JobSchema)
    @with_not_found
    @requires("read")
    def get(self, job_id: int) -> dict[str, Any]:
        """A job with its progress (articles queued, processing, done and failed)."""
        return job_payload(get_session(), _job(job_id))


@blp.route("/jobs/<int:job_id>/report")
class JobReport(MethodView):
    """A dry-run re-extraction's report."""

    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, JobReportSchema)
    @with_not_found
    @requires("read")
    def get(self, args: dict[str, Any], job_id: int) -> dict[str, Any]:
        """What re-extracting the dry run's articles would change: totals over every article,
        and a page of per-article reports (claims kept, added, removed, changed; conflicts
        gained and lost; reviewed claims that would lose their match)."""
        session = get_session()
        job = _job(job_id)
        if job.kind != DRY_RUN:
            abort(404, message=f"Job {job_id} has no report: only dry-run re-extractions make one.")
        page, size = args["page"], args["page_size"]
        items = [
            {
                "article_id": row.article_id,
                "content_hash": row.content_hash,
                "claims_fingerprint": row.claims_fingerprint,
                "extractor_version": row.extractor_version,
                "created_at": row.created_at,
                **row.report,
            }
            for row in job_reports(session, job_id=job_id, page=page, page_size=size)
        ]
        envelope = page_of(items, total=count_reports(session, job_id=job_id), page=page, page_size=size)
        envelope.update(
            job_id=job_id,
            status=job_progress(session, job=job)["status"],
            extractor_version=str(job.params.get("version") or ""),
            totals=report_totals(session, job_id=job_id),
        )
        return envelope


def _from_dry_run(session: Session, dry_run_id: int) -> Job:
    """The real run of a finished dry run (422 when it is not one, 409 while it is running)."""
    dry_run = get_job(session, job_id=dry_run_id)
    if dry_run is None or dry_run.kind != DRY_RUN:
        message = f"Job {dry_run_id} is not a dry-run re-extraction."
        abort(422, message=message, errors={"from_dry_run": [message]})
        raise AssertionError("unreachable")
    if job_progress(session, job=dry_run)["status"] != "done":
        abort(409, message=f"Dry run {dry_run_id} has not finished; apply it when its report is complete.")
    return create_run_from_report(
        session, dry_run=dry_run, version=EXTRACTOR_VERSION, created_by=actor_name()
    )


@blp.route("/reingest")
class Reingest(MethodView):
    """Re-extract the archive with the current extractor."""

    @blp.response(202, JobSchema, description="The re-extraction job")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    @requires("reingest")
    @accepts(JSON, allow_empty=True)
    @blp.arguments(ReingestInSchema, required=False, description="Optional; an empty body is fine")
    def post(self, data: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Start a re-extraction job (admin only).

        By default every article whose claims were made by another extractor version is
        queued again (`article_ids` picks articles instead); its claims are replaced in one
        transaction when it is processed, and claims it reads the same way keep their ids and
        reviews. With `dry_run` nothing changes: the job's report
        (`/api/v1/jobs/{id}/report`) says what would; a dry run that selects no article is a
        422. `from_dry_run` then applies a finished dry run to the articles unchanged since.
        """
        session = get_session()
        version = data.get("version") or EXTRACTOR_VERSION
        if data.get("from_dry_run") is not None:
            job = _from_dry_run(session, data["from_dry_run"])
        elif data.get("dry_run") or data.get("article_ids"):
            ids = select_articles(session, version=version, article_ids=data.get("article_ids"))
            if not ids:
                message = (
                    "None of article_ids is a processed (`done`) article."
                    if data.get("article_ids")
                    else f"No processed article was made by another extractor version than {version}."
                )
                abort(422, message=f"Nothing to re-extract: {message}", errors={"article_ids": [message]})
            if data.get("dry_run"):
                job = create_dry_run_job(session, article_ids=ids, version=version, created_by=actor_name())
            else:
                job = create_reingest_job(session, version=version, created_by=actor_name(), article_ids=ids)
        else:
            job = create_reingest_job(session, version=version, created_by=actor_name())
        assert job.id is not None
        if job.total:
            enqueue_job(get_settings(), job.id)
        return job_payload(session, job), 202, {"Location": url_for("jobs.JobItem", job_id=job.id)}
