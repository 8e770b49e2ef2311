"""The linking step on a real, migrated PostgreSQL: queries, the term index, concurrent workers."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlmodel import Session, col, create_engine, select

from service.models import Claim, Source, Topic
from service.repo.conflicts import list_conflicts_by_topic
from service.repo.sources import upsert_source
from service.repo.topics import list_topics
from tests.workers.test_linking_repo import _article as article_with_claims
from workers.linking.gazetteer import fold
from workers.linking.sources import NormalisedSource, normalise_source
from workers.linking.step import link_article
from workers.linking.topic_cache import TopicCache

pytestmark = pytest.mark.integration


def _values(normalised: NormalisedSource) -> dict[str, object]:
    return {
        "name": normalised.name,
        "kind": normalised.kind,
        "affiliation": normalised.affiliation,
        "aliases": (*normalised.aliases, fold(normalised.name)),
    }


def test_link_and_read_on_postgres(pg_url: str) -> None:
    engine = create_engine(pg_url)
    with Session(engine) as session:
        first = article_with_claims(
            session,
            "a1",
            date(2021, 6, 1),
            [
                ("Moscow", "accuse", "accusation", "Kyiv of a drone strike on a fuel depot in Belgorod"),
                ("Ukraine", "deny", "denial", "such an attack"),
            ],
        )
        assert first.id is not None
        link_article(session, article_id=first.id)
        session.commit()
        link_article(session, article_id=first.id)  # idempotent
        session.commit()
        found = list_conflicts_by_topic(session)
        groups, total = found.groups, found.total.value
        assert total == 1 and groups[0].conflicts[0].kind == "denial"
        items, _ = list_topics(session, conflicting=True, q="belgorod")
        assert len(items) == 1
    engine.dispose()


def test_two_workers_creating_the_same_source(pg_url: str) -> None:
    engine = create_engine(pg_url)
    normalised = normalise_source("the Kremlin")
    assert normalised is not None
    started = threading.Event()

    def first_worker() -> None:
        with Session(engine) as session:
            upsert_source(session, **_values(normalised))
            started.set()
            time.sleep(1.0)  # hold the uncommitted row while the other worker inserts
            session.commit()

    thread = threading.Thread(target=first_worker)
    thread.start()
    started.wait(10)
    with Session(engine) as session:
        source = upsert_source(session, **_values(normalised))  # waits, then finds the winner's row
        session.commit()
        assert source.name == "Russia"
        assert len(session.exec(select(Source)).all()) == 1
    thread.join()
    engine.dispose()


def test_a_topic_changed_by_another_worker_meanwhile_loses_no_claim(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers add claims to one topic at once: the topic counts both, and holds both."""
    engine = create_engine(pg_url)
    strike = "Kyiv of a drone strike on a fuel depot in Belgorod"
    with Session(engine) as session:
        ids = [
            article_with_claims(session, key, date(2021, 6, day), [(who, "accuse", "accusation", strike)]).id
            for key, day, who in (("a1", 1, "Moscow"), ("a2", 2, "The Kremlin"), ("a3", 2, "Russia"))
        ]
        session.commit()
    first, mine, other = (int(i or 0) for i in ids)
    with Session(engine) as session:
        link_article(session, article_id=first)
        session.commit()

    real_write = TopicCache.write
    writes: list[int] = []

    def write_after_the_other_worker(cache: TopicCache) -> None:
        writes.append(1)
        if len(writes) == 1:  # the other worker links its article and commits in between
            with Session(engine) as session:
                link_article(session, article_id=other)
                session.commit()
        real_write(cache)

    monkeypatch.setattr(TopicCache, "write", write_after_the_other_worker)
    with Session(engine) as session:
        link_article(session, article_id=mine)
        session.commit()
    with Session(engine) as session:
        claims = session.exec(select(Claim).where(col(Claim.article_id).in_([first, mine, other]))).all()
        topics = {c.topic_id for c in claims}
        assert len(topics) == 1 and None not in topics
        topic = session.get(Topic, topics.pop())
        assert topic is not None and topic.claim_count == 3
    engine.dispose()
