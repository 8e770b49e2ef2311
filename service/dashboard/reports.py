"""The dry-run re-extraction report page: ``/jobs/<id>/report``.

Server-rendered from the same data-access functions as ``GET /api/v1/jobs/{id}/report``:
totals for the whole run, then each article's claims added, removed, changed and kept,
conflicts gained and lost, and reviewed claims that would lose their match.
"""

from __future__ import annotations

from flask import abort, render_template

from schemas.common import MAX_ID
from service.dashboard.db import db_session
from service.dashboard.views import MAX_PAGE, bp, int_arg
from service.repo.articles import article_titles
from service.repo.jobs import get_job, job_progress
from service.repo.reports import DRY_RUN, count_reports, job_reports, report_totals

PAGE_SIZE = 20


@bp.get("/jobs/<int:job_id>/report")
def job_report(job_id: int) -> str:
    """A dry run's report: totals, then one section per article (a page of them)."""
    session = db_session()
    job = get_job(session, job_id=job_id) if job_id <= MAX_ID else None
    if job is None or job.kind != DRY_RUN:
        abort(404)
    page = int_arg("page", maximum=MAX_PAGE) or 1
    rows = job_reports(session, job_id=job_id, page=page, page_size=PAGE_SIZE)
    found = article_titles(session, article_ids=[row.article_id for row in rows])
    titles = {row.article_id: found.get(row.article_id) for row in rows}  # None: taken down since
    total = count_reports(session, job_id=job_id)
    return render_template(
        "dashboard/job_report.html",
        job=job,
        status=job_progress(session, job=job)["status"],
        totals=report_totals(session, job_id=job_id),
        rows=rows,
        titles=titles,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
    )
