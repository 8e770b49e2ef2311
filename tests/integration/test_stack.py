"""The production topology, for real: PostgreSQL, redis-server, a `claimtrack worker`
(Celery) subprocess and the API under `claimtrack serve` with the broker configured.

Each test gets a fresh migrated PostgreSQL database and its own worker and API processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, col, select, update

from service.db import get_engine, session_scope
from service.models import Article, Claim
from service.repo.articles import create_article
from service.repo.tokens import create_token
from tests.conftest import Process, RedisServer, free_port, http, seed_articles, wait_for
from workers.extraction import EXTRACTOR_VERSION

pytestmark = pytest.mark.integration

# Short timings so the sweeper's safety net shows within a test.
FAST = {"stuck_after_seconds": 3, "sweep_interval_seconds": 1, "log_level": "INFO"}


@dataclass
class Stack:
    """A running API + worker on one database and broker."""

    db_url: str
    redis: RedisServer
    api: str
    token: str
    worker: Process
    start_worker: Callable[[], Process]

    def post(self, path: str, body: Any = None) -> tuple[int, Any]:
        return http("POST", f"{self.api}{path}", body, token=self.token)

    def get(self, path: str) -> tuple[int, Any]:
        return http("GET", f"{self.api}{path}", token=self.token)

    def article(self, article_id: int) -> dict[str, Any]:
        status, body = self.get(f"/api/v1/articles/{article_id}")
        assert status == 200, body
        return dict(body)

    def wait_done(self, article_id: int, timeout: float = 120) -> dict[str, Any]:
        return dict(
            wait_for(
                lambda: (a := self.article(article_id))["status"] in ("done", "failed") and a,
                timeout=timeout,
                what=f"article {article_id} to be processed",
            )
        )


@pytest.fixture
def stack(pg_url: str, redis_server: RedisServer, start_process: Callable[..., Process]) -> Stack:
    if redis_server.proc is None:
        redis_server.start()
    _flush(redis_server)
    settings = {"database_url": pg_url, "broker_url": redis_server.url, **FAST}
    with session_scope(pg_url) as session:
        token = create_token(session, name="integration", role="admin")

    def start_worker() -> Process:
        return start_process("worker", "--concurrency", "1", **settings)

    worker = start_worker()
    port = free_port()
    api = start_process("serve", "--host", "127.0.0.1", "--port", str(port), **settings)
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: api.alive() and http("GET", f"{base}/healthz")[0] == 200, timeout=60, what="the API")
    assert api.alive(), api.tail()
    return Stack(pg_url, redis_server, base, token, worker, start_worker)


def _flush(redis: RedisServer) -> None:
    import redis as redis_client

    client = redis_client.Redis.from_url(redis.url)
    client.flushall()
    client.close()


def _claims_in_db(db_url: str, article_id: int) -> list[Claim]:
    with Session(get_engine(db_url)) as session:
        return list(session.exec(select(Claim).where(col(Claim.article_id) == article_id)).all())


def test_seed_articles_posted_over_http_come_out_as_claims(stack: Stack) -> None:
    seeds = seed_articles()
    ids = []
    for seed in seeds:
        status, body = stack.post("/api/v1/articles", seed)
        assert status == 202, body
        assert body["status"] in ("queued", "processing", "done")
        ids.append(body["id"])
    status, again = stack.post("/api/v1/articles", seeds[0])  # same content: the stored article
    assert (status, again["id"]) == (200, ids[0])

    for article_id, seed in zip(ids, seeds, strict=True):
        article = stack.wait_done(article_id)
        assert article["status"] == "done", article
        assert article["body"] == seed["body"]
        claims = _claims_in_db(stack.db_url, article_id)
        assert article["claim_count"] == len(claims) > 0
        for claim in claims:
            assert claim.extractor_version == EXTRACTOR_VERSION
            joined = " ".join(seed["body"][s:e] for s, e in claim.spans["content"])
            assert joined == claim.content

        status, page = stack.get(f"/api/v1/claims?article_id={article_id}&page_size=100")
        assert status == 200, page
        assert page["total"] == len(claims)
        for item in page["items"]:
            for role in ("source", "cue", "content"):
                for start, end in item["spans"][role]:
                    assert 0 <= start < end <= len(seed["body"])
            assert item["cue"] == " ".join(seed["body"][s:e] for s, e in item["spans"]["cue"])
            assert item["content"] == " ".join(seed["body"][s:e] for s, e in item["spans"]["content"])
    assert stack.worker.alive()


def test_batch_job_progress_and_reingest_over_http(stack: Stack) -> None:
    seeds = seed_articles()
    status, job = stack.post("/api/v1/articles/batch", seeds + seeds[:1])
    assert status == 202, job
    assert job["total"] == len(seeds) + 1

    def finished() -> dict[str, Any] | None:
        code, body = stack.get(f"/api/v1/jobs/{job['id']}")
        return body if code == 200 and body["status"] == "done" else None

    done = wait_for(finished, timeout=180, what="the batch job")
    assert (done["done"], done["failed"]) == (len(seeds) + 1, 0)

    # Fake an archive made by an older extractor, then re-extract it.
    first = job["article_ids"][0]
    before = sorted((c.ordinal, c.content) for c in _claims_in_db(stack.db_url, first))
    old_ids = {c.id for c in _claims_in_db(stack.db_url, first)}
    with Session(get_engine(stack.db_url)) as session:
        session.exec(
            update(Claim).where(col(Claim.article_id) == first).values(extractor_version="rules-0.1")
        )
        session.exec(update(Article).where(col(Article.id) == first).values(extractor_version="rules-0.1"))
        session.commit()
    status, reingest = stack.post("/api/v1/reingest", {})
    assert status == 202, reingest
    assert reingest["total"] == 1
    wait_for(
        lambda: stack.get(f"/api/v1/jobs/{reingest['id']}")[1]["status"] == "done",
        timeout=120,
        what="the reingest job",
    )
    after = _claims_in_db(stack.db_url, first)
    assert {c.extractor_version for c in after} == {EXTRACTOR_VERSION}
    assert sorted((c.ordinal, c.content) for c in after) == before
    # Read the same way by the new extractor: every claim survives with its id (and reviews).
    assert old_ids == {c.id for c in after}


def test_an_article_stuck_in_queued_is_sent_again_by_the_sweeper(stack: Stack) -> None:
    # Stored but never sent: as if the API process died between commit and enqueue.
    with session_scope(stack.db_url) as session:
        article, _ = create_article(session, data=seed_articles()[2])
    assert article.id is not None
    assert stack.wait_done(article.id)["status"] == "done"


def test_an_article_posted_while_redis_is_down_is_processed_when_it_is_back(stack: Stack) -> None:
    stack.redis.stop()
    try:
        status, body = stack.post("/api/v1/articles", seed_articles()[3])
        assert status == 202, body  # stored; the message could not be sent
        time.sleep(2)
        assert stack.article(body["id"])["status"] == "queued"
    finally:
        stack.redis.start()
    article = stack.wait_done(body["id"], timeout=180)
    assert article["status"] == "done"
    assert article["claim_count"] > 0


def test_killing_the_worker_mid_task_loses_no_article(stack: Stack) -> None:
    seeds = seed_articles()
    # A long article, so the worker is caught in the middle of it.
    body = "\n\n".join(s["body"] for s in seeds * 6)
    status, posted = stack.post("/api/v1/articles", {"title": "A long digest", "body": body})
    assert status == 202, posted
    wait_for(
        lambda: stack.article(posted["id"])["status"] == "processing",
        timeout=120,
        interval=0.05,
        what="the worker to start on the article",
    )
    stack.worker.kill()
    assert stack.article(posted["id"])["status"] == "processing"
    stack.worker = stack.start_worker()
    article = stack.wait_done(posted["id"], timeout=240)
    assert article["status"] == "done"
    assert article["claim_count"] > 0
    with session_scope(stack.db_url) as session:
        stored = session.get(Article, posted["id"])
        assert stored is not None and stored.attempts >= 2
