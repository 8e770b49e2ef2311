"""The pipeline's guarantees on real PostgreSQL: idempotent re-runs, one worker per article,
batch jobs that reuse stored content."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlmodel import Session, col, select

from service.db import get_engine, session_scope
from service.models import Article, Claim
from service.repo.articles import article_lock, create_article
from service.repo.jobs import create_batch_job, job_progress
from tests.conftest import seed_articles
from workers.pipeline import process_article

pytestmark = pytest.mark.integration


def _claims(url: str, article_id: int) -> list[tuple[Any, ...]]:
    with Session(get_engine(url)) as session:
        rows = session.exec(
            select(Claim).where(col(Claim.article_id) == article_id).order_by(col(Claim.ordinal))
        )
        return [(c.ordinal, c.content, c.cue, c.stance, c.spans, c.source_resolved) for c in rows.all()]


def test_processing_an_article_twice_gives_the_same_claims(pg_url: str) -> None:
    seed = seed_articles()[4]
    with session_scope(pg_url) as session:
        article, _ = create_article(session, data=seed)
    assert article.id is not None
    assert process_article(pg_url, article.id).status == "done"
    first = _claims(pg_url, article.id)
    assert process_article(pg_url, article.id).status == "done"
    assert _claims(pg_url, article.id) == first and first
    for _, content, _, _, spans, _ in first:
        assert " ".join(seed["body"][s:e] for s, e in spans["content"]) == content


def test_two_workers_never_process_the_same_article_at_once(pg_url: str) -> None:
    with session_scope(pg_url) as session:
        article, _ = create_article(session, data=seed_articles()[0])
    assert article.id is not None
    article_id = article.id
    holding, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        # A separate connection, as another worker process would have.
        with article_lock(get_engine(pg_url), article_id=article_id) as held:
            assert held
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(30)
        assert process_article(pg_url, article_id).status == "busy"
    finally:
        release.set()
        thread.join()
    assert process_article(pg_url, article_id).status == "done"
    with Session(get_engine(pg_url)) as session:
        stored = session.get(Article, article_id)
        assert stored is not None and stored.attempts == 1


def test_batch_jobs_reuse_stored_content(pg_url: str) -> None:
    seeds = seed_articles()
    with session_scope(pg_url) as session:
        _, first_ids = create_batch_job(session, articles=seeds[:3], created_by="a")
        second, second_ids = create_batch_job(session, articles=seeds[1:5] + seeds[1:2], created_by="b")
        progress = job_progress(session, job=second)
    assert second_ids[:2] == first_ids[1:3] and second_ids[4] == second_ids[0]
    assert progress["total"] == 5 and progress["queued"] == 5
    with Session(get_engine(pg_url)) as session:
        assert len(session.exec(select(Article)).all()) == 5
