"""process_article and the embedded runner on SQLite: idempotent re-runs, locking, retries,
jobs, the sweeper, and enqueueing while the broker is down."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select, update

from service.config import Settings
from service.db import get_engine, session_scope
from service.models import Article, Claim, utcnow
from service.repo.articles import article_lock, create_article
from service.repo.jobs import create_batch_job, create_reingest_job, get_job, job_progress
from tests.conftest import free_port, seed_articles, wait_for
from workers import pipeline, runner
from workers.dispatch import enqueue_article, enqueue_job
from workers.extraction import EXTRACTOR_VERSION
from workers.pipeline import process_article
from workers.sweeper import sweep


@pytest.fixture
def settings(sqlite_url: str) -> Iterator[Settings]:
    yield Settings.from_env(database_url=sqlite_url, sweep_interval_seconds=1, stuck_after_seconds=300)
    runner.stop_runners()


def store(url: str, data: dict[str, Any]) -> int:
    with session_scope(url) as session:
        article, _ = create_article(session, data=data)
        assert article.id is not None
        return article.id


def claim_rows(url: str, article_id: int) -> list[tuple[Any, ...]]:
    with Session(get_engine(url)) as session:
        claims = session.exec(
            select(Claim).where(col(Claim.article_id) == article_id).order_by(col(Claim.ordinal))
        ).all()
        return [(c.ordinal, c.text, c.content, c.cue, c.stance, c.spans, c.extractor_version) for c in claims]


def article(url: str, article_id: int) -> Article:
    with Session(get_engine(url), expire_on_commit=False) as session:
        row = session.get(Article, article_id)
        assert row is not None
        return row


def test_process_article_twice_leaves_the_same_claims(sqlite_url: str) -> None:
    seed = seed_articles()[1]
    article_id = store(sqlite_url, seed)
    first = process_article(sqlite_url, article_id)
    rows = claim_rows(sqlite_url, article_id)
    second = process_article(sqlite_url, article_id)
    assert first.status == second.status == "done"
    assert first.claims == second.claims == len(rows) > 0
    assert claim_rows(sqlite_url, article_id) == rows
    for _, _, content, _, _, spans, _ in rows:
        assert " ".join(seed["body"][s:e] for s, e in spans["content"]) == content
    stored = article(sqlite_url, article_id)
    assert (stored.status, stored.extractor_version, stored.attempts) == ("done", EXTRACTOR_VERSION, 2)


def test_unknown_article_is_reported_missing(sqlite_url: str) -> None:
    assert process_article(sqlite_url, 12345).status == "missing"


def test_a_duplicate_message_for_a_finished_article_is_skipped(sqlite_url: str) -> None:
    article_id = store(sqlite_url, seed_articles()[0])
    process_article(sqlite_url, article_id)
    assert process_article(sqlite_url, article_id, skip_finished=True).status == "skipped"
    assert article(sqlite_url, article_id).attempts == 1


def test_an_article_being_processed_elsewhere_is_left_alone(sqlite_url: str) -> None:
    article_id = store(sqlite_url, seed_articles()[0])
    with article_lock(get_engine(sqlite_url), article_id=article_id) as held:
        assert held
        assert process_article(sqlite_url, article_id).status == "busy"
    assert article(sqlite_url, article_id).status == "queued"


def test_embedded_runner_processes_what_is_enqueued(settings: Settings) -> None:
    ids = [store(settings.database_url, a) for a in seed_articles()[:3]]
    for article_id in ids:
        enqueue_article(settings, article_id)
    assert runner.get_runner(settings).wait_idle(120)
    assert [article(settings.database_url, i).status for i in ids] == ["done"] * 3


def test_transient_errors_are_retried(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    article_id = store(settings.database_url, seed_articles()[0])
    real = pipeline.process_article
    calls: list[int] = []

    def flaky(url: str, object_id: int, **kwargs: Any) -> pipeline.Outcome:
        calls.append(object_id)
        if len(calls) < 3:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return real(url, object_id, **kwargs)

    monkeypatch.setattr(runner, "process_article", flaky)
    embedded = runner.EmbeddedRunner(settings, backoff_seconds=0.01)
    embedded.start()
    try:
        embedded.submit_article(article_id)
        assert embedded.wait_idle(120)
    finally:
        embedded.stop()
    assert len(calls) >= 3  # two failures, then success (the start-up sweep may add a no-op)
    assert article(settings.database_url, article_id).status == "done"


def test_batch_job_reports_progress_and_reuses_stored_content(settings: Settings) -> None:
    seeds = seed_articles()
    already = store(settings.database_url, seeds[0])
    with session_scope(settings.database_url) as session:
        job, ids = create_batch_job(session, articles=seeds + seeds[:2], created_by="tester")
        progress = job_progress(session, job=job)
    assert ids[0] == already and ids[8:] == ids[:2] and len(set(ids)) == 8
    assert progress == {
        "total": 10,
        "done": 0,
        "failed": 0,
        "queued": 10,
        "processing": 0,
        "status": "queued",
    }
    assert job.id is not None
    job_id = job.id
    enqueue_job(settings, job_id)
    wait_for(
        lambda: runner.get_runner(settings).wait_idle(1) and _progress(settings, job_id)["status"] == "done",
        timeout=180,
        what="the batch job",
    )
    assert _progress(settings, job_id) == {
        "total": 10,
        "done": 10,
        "failed": 0,
        "queued": 0,
        "processing": 0,
        "status": "done",
    }
    sweep(settings, send=lambda _: None)  # the sweeper records the final counts on the job
    with session_scope(settings.database_url) as session:
        stored = get_job(session, job_id=job_id)
        assert stored is not None
        assert (stored.status, stored.done, stored.failed) == ("done", 10, 0)
        assert stored.finished_at is not None


def _progress(settings: Settings, job_id: int) -> dict[str, Any]:
    with session_scope(settings.database_url) as session:
        job = get_job(session, job_id=job_id)
        assert job is not None
        return job_progress(session, job=job)


def test_reingest_replaces_claims_made_by_an_older_extractor(settings: Settings) -> None:
    url = settings.database_url
    ids = [store(url, a) for a in seed_articles()[:2]]
    for article_id in ids:
        process_article(url, article_id)
    before = {i: claim_rows(url, i) for i in ids}
    with Session(get_engine(url)) as session:
        session.exec(
            update(Claim).where(col(Claim.article_id) == ids[0]).values(extractor_version="rules-0.1")
        )
        session.exec(update(Article).where(col(Article.id) == ids[0]).values(extractor_version="rules-0.1"))
        session.commit()
    with session_scope(url) as session:
        job = create_reingest_job(session, version=EXTRACTOR_VERSION, created_by="tester")
    assert job.total == 1 and article(url, ids[0]).status == "queued"
    assert job.id is not None
    job_id = job.id
    enqueue_job(settings, job_id)
    wait_for(lambda: _progress(settings, job_id)["status"] == "done", timeout=120, what="the reingest job")
    assert claim_rows(url, ids[0]) == before[ids[0]]  # back to the current version's claims
    assert claim_rows(url, ids[1]) == before[ids[1]]
    assert article(url, ids[0]).attempts == 2 and article(url, ids[1]).attempts == 1


def test_sweeper_resends_a_stuck_article_and_gives_up_after_max_attempts(settings: Settings) -> None:
    url = settings.database_url
    stuck, hopeless = (store(url, a) for a in seed_articles()[:2])
    with Session(get_engine(url)) as session:
        old = utcnow() - timedelta(hours=1)
        session.exec(update(Article).values(status_changed_at=old))
        session.exec(
            update(Article).where(col(Article.id) == hopeless).values(attempts=settings.max_attempts)
        )
        session.commit()
    sent: list[int] = []
    result = sweep(settings, send=sent.append)
    assert sent == [stuck] and result.gave_up == [hopeless]
    assert article(url, hopeless).status == "failed"
    assert "gave up" in (article(url, hopeless).status_reason or "")
    assert sweep(settings, send=sent.append).resent == []  # not re-sent again straight away


def test_embedded_runner_picks_up_articles_left_queued(settings: Settings) -> None:
    article_id = store(settings.database_url, seed_articles()[0])  # stored, never enqueued
    runner.get_runner(settings)
    wait_for(
        lambda: article(settings.database_url, article_id).status == "done", timeout=120, what="the sweep"
    )


def test_enqueue_with_the_broker_down_does_not_raise(sqlite_url: str) -> None:
    settings = Settings.from_env(database_url=sqlite_url, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    article_id = store(sqlite_url, seed_articles()[0])
    enqueue_article(settings, article_id)  # logged, not raised: the sweeper re-sends it later
    assert article(sqlite_url, article_id).status == "queued"
