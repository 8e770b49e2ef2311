"""Linking an article costs a fixed handful of SQL statements, however many topics the store holds.

The store is filled in bulk with topics that share the article's words (so every query term
has a full list of postings and every claim a full list of candidates), then one article is
linked with a statement counter on the engine, on SQLite and on PostgreSQL. Sources keep their
stored claim counts through linking, linking again and removal.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine, select

from bench.linking_data import Filler, write_rows
from service.models import Claim, Source
from service.repo.claim_store import article_claims, remove_claims
from service.repo.sources import list_sources
from tests.workers.test_linking_repo import _article as article_with_claims
from workers.linking.step import link_article
from workers.linking.topic_vectors import topic_vectors

MAX_STATEMENTS = 25
WORDS = [
    *("drone", "strike", "fuel", "depot", "Belgorod", "Kyiv", "Moscow", "attack", "border", "shelling"),
    *("village", "grain", "exports", "talks", "Istanbul", "ceasefire", "troops", "missile", "artillery"),
    *("refinery", "ministry", "defence", "convoy", "port"),
]
FILLER = "officials report week city region statement market energy prices aid court plan".split()  # noqa: SIM905
SENTENCES = [
    ("Moscow", "accuse", "accusation", "Kyiv of a drone strike on a fuel depot in Belgorod"),
    ("Ukraine", "deny", "denial", "such an attack"),
    ("the Kremlin", "say", "assertion", "talks on grain exports would resume in Istanbul"),
    ("Kyiv", "say", "assertion", "Russian artillery shelled a border village near the refinery"),
    ("the defence ministry", "say", "assertion", "a missile hit a convoy near the port"),
    ("Turkey", "say", "assertion", "the ceasefire talks would go on in Istanbul next week"),
]


def _pool(n: int) -> list[tuple[str, str]]:
    """Synthetic stored claims mixing the article's words with others."""
    rng = random.Random(11)
    return [
        (f"Speaker {i % 50}", " ".join(rng.sample(WORDS, 5) + rng.sample(FILLER, 3)))
        for i in range(n)
    ]


@pytest.fixture(params=["sqlite_url", pytest.param("pg_url", marks=pytest.mark.integration)])
def filled(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated store of 3,000 claims in 1,000 topics sharing the article's words."""
    url = request.getfixturevalue(request.param)
    engine = create_engine(url)
    filler = Filler(_pool(400), window_end=date(2021, 6, 1))
    with engine.begin() as connection:
        write_rows(connection, filler.rows(3000))
    yield engine
    engine.dispose()


def _count(engine: Engine) -> tuple[list[str], Any]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    return seen, count


def test_linking_an_article_takes_at_most_25_statements(filled: Engine) -> None:
    with Session(filled) as session:
        article = article_with_claims(session, "big", date(2021, 6, 1), SENTENCES)
        session.commit()
        seen, listener = _count(filled)
        try:
            result = link_article(session, article_id=int(article.id or 0))
            session.commit()
        finally:
            event.remove(filled, "before_cursor_execute", listener)
        assert len(seen) <= MAX_STATEMENTS, "\n".join(s[:100] for s in seen)
        claims = session.exec(select(Claim).where(Claim.article_id == article.id)).all()
        assert len(claims) == len(SENTENCES) and all(c.topic_id is not None for c in claims)
        assert all(c.source_id is not None for c in claims)
        assert len(result.conflicts) >= 1  # Ukraine's denial answers Moscow's accusation
        stored = session.exec(select(Source).where(Source.name == "Ukraine")).one()
        assert stored.claim_count == 2  # "Ukraine" and "Kyiv"
        items, _ = list_sources(session, q="ukraine")
        assert items[0]["claim_count"] == 2


def test_source_claim_counts_follow_linking_relinking_and_removal(session: Session) -> None:
    first = article_with_claims(session, "a1", date(2021, 6, 1), SENTENCES[:3])
    second = article_with_claims(session, "a2", date(2021, 6, 2), [SENTENCES[1], SENTENCES[3]])
    for article in (first, second):
        link_article(session, article_id=int(article.id or 0))
    link_article(session, article_id=int(first.id or 0))  # linking again counts nothing twice
    session.commit()
    counts = {s["name"]: s["claim_count"] for s in list_sources(session)[0]}
    assert counts == {"Ukraine": 3, "Russia": 2}
    assert [s["name"] for s in list_sources(session)[0]] == ["Ukraine", "Russia"]  # most quoted first
    remove_claims(session, claims=article_claims(session, article_id=int(second.id or 0)))
    session.commit()
    counts = {s["name"]: s["claim_count"] for s in list_sources(session)[0]}
    assert counts == {"Russia": 2, "Ukraine": 1}
    assert [s["name"] for s in list_sources(session)[0]] == ["Russia", "Ukraine"]


def test_a_rolled_back_article_leaves_no_topic_in_the_nearest_topic_index(session: Session) -> None:
    article = article_with_claims(session, "a1", date(2021, 6, 1), SENTENCES[:2])
    session.commit()
    index = topic_vectors(session).index
    result = link_article(session, article_id=int(article.id or 0))
    assert result.topics_created and any(t in index for t in result.topics_created)
    session.rollback()  # the worker's transaction failed
    topic_vectors(session)  # the next article's refresh
    assert not any(t in index for t in result.topics_created)
