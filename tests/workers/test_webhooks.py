"""Webhooks from the worker side, with a real receiver on 127.0.0.1: the pipeline writes its
events with the article's own commit, senders on SQLite and PostgreSQL never send a delivery
twice at once, a sender that dies mid-send loses nothing, and the embedded runner sends."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from service.config import Settings
from service.db import get_engine, session_scope
from service.models import Article, Conflict, WebhookDelivery
from service.repo.articles import create_article, set_status
from service.repo.outbox import Event, committed_deliveries, emit
from service.repo.webhooks import claim_due, create_subscription
from service.vocabulary import WEBHOOK_EVENTS
from service.webhooks import new_secret, verify
from tests.conftest import seed_articles, wait_for
from tests.receiver import Receiver, expected_signature
from workers import runner
from workers.dispatch import enqueue_article
from workers.pipeline import process_article
from workers.webhooks import send_due


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver().start()
    yield server
    server.stop()


def settings_for(url: str, **changes: object) -> Settings:
    return Settings.from_env(database_url=url, webhook_allow_private=True, **changes)


def subscribe(url: str, receiver: Receiver, events: tuple[str, ...] = WEBHOOK_EVENTS) -> str:
    secret = new_secret()
    with Session(get_engine(url)) as session:
        create_subscription(session, values={"url": receiver.url, "events": list(events), "secret": secret})
    return secret


def rows(url: str) -> list[WebhookDelivery]:
    with Session(get_engine(url)) as session:
        return list(session.exec(select(WebhookDelivery).order_by(col(WebhookDelivery.id))).all())


def store(url: str, data: dict[str, object]) -> int:
    with session_scope(url) as session:
        article, _ = create_article(session, data=data)
        return int(article.id or 0)


def test_the_pipeline_writes_its_events_with_its_commit_and_each_is_sent_once(sqlite_url, receiver):
    secret = subscribe(sqlite_url, receiver)
    outcomes = [process_article(sqlite_url, store(sqlite_url, seed)) for seed in seed_articles()]
    assert all(o.status == "done" for o in outcomes)

    with Session(get_engine(sqlite_url)) as session:
        conflict_ids = sorted(int(c.id or 0) for c in session.exec(select(Conflict)).all())
    assert conflict_ids, "the seed articles hold conflicts"
    written = rows(sqlite_url)
    assert sorted(i for o in outcomes for i in o.webhooks) == [int(r.id or 0) for r in written]
    assert Counter(r.event for r in written) == {
        "article.done": len(outcomes),
        "conflict.created": len(conflict_ids),
    }

    assert send_due(settings_for(sqlite_url)) == len(written)
    assert send_due(settings_for(sqlite_url)) == 0
    got = receiver.events()
    assert len(got) == len(written) and len({g.message_id for g in got}) == len(got)
    for item in got:
        assert verify(secret, headers=item.headers, body=item.body)
        assert item.headers["webhook-signature"] == expected_signature(secret, item)
    created = sorted(g.payload["data"]["conflict"]["id"] for g in receiver.events("conflict.created"))
    assert created == conflict_ids
    done = {g.payload["data"]["article"]["id"] for g in receiver.events("article.done")}
    assert done == {o.article_id for o in outcomes}


def test_an_event_rolled_back_with_its_change_is_never_sent(sqlite_url, receiver):
    subscribe(sqlite_url, receiver)
    article_id = store(sqlite_url, seed_articles()[0])
    with Session(get_engine(sqlite_url)) as session:
        article = session.get(Article, article_id)
        assert article is not None
        set_status(session, article=article, status="failed", reason="test")
        assert len(rows(sqlite_url)) == 0  # not visible to others before the commit
        session.rollback()
        assert committed_deliveries(session) == []
    assert rows(sqlite_url) == []
    assert send_due(settings_for(sqlite_url)) == 0 and receiver.events() == []


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_concurrent_senders_send_each_delivery_once(request, receiver, database):
    url = request.getfixturevalue("sqlite_url" if database == "sqlite" else "pg_url")
    subscribe(url, receiver)
    receiver.hold_seconds = 0.02  # keeps several sends in flight at once
    with Session(get_engine(url)) as session:
        event = Event(type="article.done", data={"article": {"id": 1}})
        emit(session, events=lambda: [event] * 40)
        session.commit()
    settings = settings_for(url)
    threads = [threading.Thread(target=send_due, args=(settings,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    ids = Counter(g.message_id for g in receiver.events())
    assert len(ids) == 40 and set(ids.values()) == {1}
    assert {(r.status, r.attempts) for r in rows(url)} == {("delivered", 1)}


def test_a_delivery_held_by_a_sender_that_died_is_sent_after_its_lease(sqlite_url, receiver):
    subscribe(sqlite_url, receiver, events=("article.failed",))
    article_id = store(sqlite_url, seed_articles()[0])
    with session_scope(sqlite_url) as session:
        article = session.get(Article, article_id)
        assert article is not None
        set_status(session, article=article, status="failed", reason="test")
    with Session(get_engine(sqlite_url)) as session:
        # A sender claims it and dies before it sends (or before it records the answer).
        [held] = claim_due(session, lease=timedelta(seconds=1), limit=10)
    settings = settings_for(sqlite_url)
    assert send_due(settings) == 0 and receiver.events() == []  # still held
    time.sleep(1.1)
    assert send_due(settings) == 1
    [got] = receiver.events("article.failed")
    assert got.message_id == held.message_id and got.payload["data"]["article"]["status_reason"] == "test"
    [row] = rows(sqlite_url)
    assert (row.status, row.attempts) == ("delivered", 2)


def test_the_embedded_runner_sends_as_soon_as_an_article_is_done(sqlite_url, receiver):
    # A sweep interval far beyond the test: only the wake-up after the commit can send it.
    settings = settings_for(sqlite_url, webhook_sweep_interval_seconds=600, sweep_interval_seconds=600)
    secret = subscribe(sqlite_url, receiver, events=("article.done",))
    try:
        article_id = store(sqlite_url, seed_articles()[2])
        embedded = runner.get_runner(settings)
        time.sleep(0.2)  # the webhook thread's first round finds nothing and goes to sleep
        enqueue_article(settings, article_id)
        assert embedded.wait_idle(120)
        [got] = wait_for(lambda: receiver.events("article.done"), timeout=30, what="article.done")
    finally:
        runner.stop_runners()
    assert got.payload["data"]["article"]["id"] == article_id
    assert verify(secret, headers=got.headers, body=got.body)
