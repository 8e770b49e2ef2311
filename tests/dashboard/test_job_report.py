"""The dry-run report page: totals, each article's changes, escaping, and 404s."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlmodel import Session

from service.models import Job
from service.repo.reports import DRY_RUN, ConflictState, save_report
from tests.dashboard.conftest import World
from workers.claim_matching import Changed, MatchPlan
from workers.dry_run import snapshot
from workers.reingest_report import ClaimSnapshot, build_report, not_reported


def dry_run_job(session: Session, world: World) -> int:
    """A finished dry run over the world's article (changed, added, a conflict lost) and one
    article it could not report on."""
    job = Job(
        kind=DRY_RUN, status="done", total=2, params={"article_ids": [world.article.id, 99], "version": "v2"}
    )
    session.add(job)
    session.commit()
    old = [snapshot(c, stored=True) for c in (world.accusation, world.denial, world.officials)]
    world.denial.review_status = "confirmed"
    old[1] = snapshot(world.denial, stored=True)
    new = [
        old[0],
        ClaimSnapshot(None, 1, "Armenia", "denied", old[1].content, "assertion", old[1].spans),
        old[2],
        ClaimSnapshot(None, 3, "A resident", "wrote", "<script>alert('x')</script>", "assertion", {}),
    ]
    plan = MatchPlan(
        kept={0: int(world.accusation.id or 0), 2: int(world.officials.id or 0)},
        changed=[Changed(new=1, old=int(world.denial.id or 0), fields=("stance",))],
        added=[3],
    )
    conflict = ConflictState(
        int(world.conflict.id or 0),
        world.conflict.key,
        world.conflict.kind,
        (world.accusation.id or 0, world.denial.id or 0),
    )
    report = build_report(
        old=old, new=new, plan=plan, conflicts_before={conflict.key: conflict}, conflicts_after={}, new_ids={}
    )
    assert job.id is not None and world.article.id is not None
    for article_id, content in (
        (world.article.id, report),
        (99, not_reported("skipped", "article not found")),
    ):
        save_report(
            session,
            job_id=job.id,
            article_id=article_id,
            content_hash="h",
            fingerprint="f",
            version="v2",
            report=content,
        )
    session.commit()
    return job.id


def test_the_report_page_shows_totals_and_each_articles_changes(
    client: FlaskClient, session: Session, world: World
) -> None:
    job_id = dry_run_job(session, world)
    response = client.get(f"/jobs/{job_id}/report")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<td class="num" data-total="changed">1</td>' in html
    assert '<td class="num" data-total="conflicts_lost">1</td>' in html
    assert '<td class="num" data-total="reviewed_unmatched">1</td>' in html
    assert '<td class="num" data-total="skipped">1</td>' in html
    assert f'href="/claims/{world.denial.id}"' in html
    assert "would be changed" in html
    assert f"Conflict #{world.conflict.id}" in html
    assert "Skipped: article not found" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert '"from_dry_run": ' + str(job_id) in html


def test_only_dry_runs_have_a_report_page(client: FlaskClient, session: Session) -> None:
    job = Job(kind="reingest", status="done")
    session.add(job)
    session.commit()
    assert client.get(f"/jobs/{job.id}/report").status_code == 404
    assert client.get("/jobs/4242/report").status_code == 404
    assert client.get("/jobs/99999999999/report").status_code == 404
