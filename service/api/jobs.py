"""``/api/v1/jobs/{id}`` and ``/api/v1/reingest``: batch and re-extraction jobs and their progress."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlmodel import Session

from schemas.jobs import JobSchema, ReingestInSchema
from service.api.common import JSON, accepts, check_id, not_found, with_not_found
from service.auth import actor_name, requires
from service.models import Job
from service.repo.jobs import create_reingest_job, get_job, job_progress
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
    )
    return payload


@blp.route("/jobs/<int:job_id>")
class JobItem(MethodView):
    """One job."""

    @blp.response(200, JobSchema)
    @with_not_found
    @requires("read")
    def get(self, job_id: int) -> dict[str, Any]:
        """A job with its progress (articles queued, processing, done and failed)."""
        session = get_session()
        job = get_job(session, job_id=check_id("job", job_id))
        if job is None:
            not_found("job", job_id)
        return job_payload(session, job)


@blp.route("/reingest")
class Reingest(MethodView):
    """Re-extract the archive with the current extractor."""

    @blp.response(202, JobSchema, description="The re-extraction job")
    @requires("reingest")
    @accepts(JSON, allow_empty=True)
    @blp.arguments(ReingestInSchema, required=False, description="Optional; an empty body is fine")
    def post(self, data: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
        """Start a re-extraction job (admin only).

        Every article whose claims were made by another extractor version is queued again;
        its claims are replaced in one transaction when it is processed.
        """
        session = get_session()
        job = create_reingest_job(
            session,
            version=data.get("version") or EXTRACTOR_VERSION,
            created_by=actor_name(),
        )
        assert job.id is not None
        if job.total:
            enqueue_job(get_settings(), job.id)
        return job_payload(session, job), 202, {"Location": url_for("jobs.JobItem", job_id=job.id)}
