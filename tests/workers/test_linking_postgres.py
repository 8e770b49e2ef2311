"""The linking step on a real, migrated PostgreSQL: queries, the term index, concurrent workers."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from sqlmodel import Session, create_engine, select

from service.models import Article, Claim, Source
from service.repo.conflicts import list_conflicts_by_topic
from service.repo.linking import link_article
from service.repo.sources import upsert_source
from service.repo.topics import list_topics
from workers.linking.sources import normalise_source

pytestmark = pytest.mark.integration


def _article(session: Session, key: str, rows: list[tuple[str, str, str, str]]) -> int:
    body, spans = "", []
    for mention, cue, stance, content in rows:
        sentence = f"{mention} {cue} {content}. "
        spans.append((len(body), mention, cue, stance, content, sentence.strip()))
        body += sentence
    article = Article(
        title=key, body=body, published_at=date(2021, 6, 1), publisher="Reuters", content_hash=key
    )
    session.add(article)
    session.flush()
    for i, (start, mention, cue, stance, content, sentence) in enumerate(spans):
        session.add(
            Claim(
                article_id=int(article.id or 0),
                ordinal=i,
                text=sentence,
                content=content,
                source_mention=mention,
                source_resolved=mention,
                cue=cue,
                cue_lemma=cue,
                stance=stance,
                said_on=date(2021, 6, 1),
                spans={"sentence": [start, start + len(sentence)]},
                extractor_version="test",
            )
        )
    session.flush()
    return int(article.id or 0)


def test_link_and_read_on_postgres(pg_url: str) -> None:
    engine = create_engine(pg_url)
    with Session(engine) as session:
        first = _article(
            session,
            "a1",
            [
                ("Moscow", "accuse", "accusation", "Kyiv of a drone strike on a fuel depot in Belgorod"),
                ("Ukraine", "deny", "denial", "such an attack"),
            ],
        )
        link_article(session, article_id=first)
        session.commit()
        link_article(session, article_id=first)  # idempotent
        session.commit()
        groups, total = list_conflicts_by_topic(session)
        assert total == 1 and groups[0]["conflicts"][0]["kind"] == "denial"
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
            upsert_source(session, normalised=normalised)
            started.set()
            time.sleep(1.0)  # hold the uncommitted row while the other worker inserts
            session.commit()

    thread = threading.Thread(target=first_worker)
    thread.start()
    started.wait(10)
    with Session(engine) as session:
        source = upsert_source(session, normalised=normalised)  # waits, then finds the winner's row
        session.commit()
        assert source.name == "Russia"
        assert len(session.exec(select(Source)).all()) == 1
    thread.join()
    engine.dispose()
