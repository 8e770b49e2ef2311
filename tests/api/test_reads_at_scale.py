"""What a reader of a big store notices, on SQLite (embedded) and PostgreSQL alike: ``q`` finds
claims by their words, ``next`` links walk every page once, ``count=exact`` counts, the
source filter finds a source however it is written, and conflicts keep their grouping."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert
from sqlmodel import Session

from service.app import create_app
from service.db import get_engine
from service.models import Article, Claim, Conflict, ConflictClaim, Source, SourceAlias, Topic
from service.repo.paging import COUNT_CAP

NOW = datetime(2020, 11, 1, tzinfo=UTC)
SENTENCES = [
    "Armenia said the ceasefire was broken by artillery fire near Stepanakert.",
    "Azerbaijan denied that its forces violated the ceasefires agreed in Moscow.",
    "The ministry said civilian areas were shelled overnight.",
    "Officials said talks on a humanitarian truce would resume on Monday.",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, db_url: str) -> str:
    """A migrated database of each kind claimtrack runs on."""
    if request.param == "sqlite":
        return db_url
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def reader(store: str) -> Iterator[FlaskClient]:
    app: Flask = create_app({"DATABASE_URL": store, "BROKER_URL": None, "TESTING": True})
    with app.test_client() as client:
        yield client


def fill(url: str, *, articles: int, per_article: int) -> list[int]:
    """Articles with claims cycling through ``SENTENCES``, in bulk; the claim ids."""
    with Session(get_engine(url)) as session:
        session.execute(
            insert(Source),
            [{"id": 1, "name": "Donald Trump", "kind": "person", "affiliation": "US", "created_at": NOW}],
        )
        session.execute(insert(SourceAlias), [{"id": 1, "source_id": 1, "alias": "president trump"}])
        session.execute(
            insert(Article),
            [
                {
                    "id": a,
                    "title": f"article {a}",
                    "body": " ".join(SENTENCES),
                    "content_hash": f"h{a}",
                    "status": "done",
                    "attempts": 1,
                    "created_at": NOW,
                    "status_changed_at": NOW,
                }
                for a in range(1, articles + 1)
            ],
        )
        rows = []
        for a in range(1, articles + 1):
            for o in range(per_article):
                n = len(rows)
                sentence = SENTENCES[n % len(SENTENCES)]
                mention = "Mr. Trump" if n % 3 == 0 else "the ministry"
                rows.append(
                    {
                        "id": n + 1,
                        "article_id": a,
                        "ordinal": o,
                        "text": sentence,
                        "content": sentence.split(" said ", 1)[-1],
                        "source_mention": mention,
                        "source_resolved": mention,
                        "source_id": 1 if n % 6 == 0 else None,
                        "cue": "said",
                        "cue_lemma": "say",
                        "spans": {},
                        "stance": "assertion",
                        "quote_type": "indirect",
                        "said_on": date(2020, 10, 1) + timedelta(days=n % 30),
                        "quantities": [],
                        "verification": {},
                        "confidence": 0.5,
                        "review_status": "unreviewed",
                        "extractor_version": "test",
                        "created_at": NOW,
                    }
                )
        session.execute(insert(Claim), rows)
        session.commit()
        return [r["id"] for r in rows]


def listed(client: FlaskClient, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    return body


def walk(client: FlaskClient, url: str) -> list[dict[str, Any]]:
    """Every item of a list, following ``next`` links from ``url``."""
    items: list[dict[str, Any]] = []
    pages = 0
    while url:
        body = listed(client, url)
        items += body["items"]
        url, pages = body["next"], pages + 1
        assert pages < 1000
    return items


def texts(client: FlaskClient, url: str) -> set[str]:
    return {item["text"] for item in walk(client, url)}


def test_q_finds_claims_by_their_words(reader: FlaskClient, store: str) -> None:
    fill(store, articles=3, per_article=4)
    assert texts(reader, "/api/v1/claims?q=ceasefire") == set(SENTENCES[:2])  # "ceasefires" too
    assert texts(reader, "/api/v1/claims?q=CEASEFIRE%20Moscow") == {SENTENCES[1]}  # every word
    assert texts(reader, "/api/v1/claims?q=ceasefire%20-Moscow") == {SENTENCES[0]}
    assert texts(reader, "/api/v1/claims?q=truce%20or%20shelled") == set(SENTENCES[2:])
    assert texts(reader, '/api/v1/claims?q="civilian%20areas"') == {SENTENCES[2]}
    assert texts(reader, '/api/v1/claims?q="areas%20civilian"') == set()
    assert texts(reader, "/api/v1/claims?q=stepanakert&page_size=2") == {SENTENCES[0]}
    for odd in ('"', "-", "or", "(", "*", "NOT(", "100%25", 'AND "'):
        assert listed(reader, f"/api/v1/claims?q={odd}")["items"] == [], odd
    assert texts(reader, "/api/v1/claims?q=-ceasefire") == set(SENTENCES[2:])  # only exclusions


def test_next_links_walk_every_claim_once_in_list_order(reader: FlaskClient, store: str) -> None:
    ids = fill(store, articles=9, per_article=5)
    walked = [item["id"] for item in walk(reader, "/api/v1/claims?page_size=7")]
    assert len(walked) == len(set(walked)) == len(ids)
    by_page = [
        item["id"]
        for page in range(1, 8)
        for item in listed(reader, f"/api/v1/claims?page_size=7&page={page}")["items"]
    ]
    assert walked == by_page  # newest article first, then reading order
    filtered = walk(reader, "/api/v1/claims?page_size=4&q=ceasefire&date_from=2020-10-05")
    assert {i["text"] for i in filtered} <= set(SENTENCES[:2]) and len(filtered) == len(
        {i["id"] for i in filtered}
    )
    last = listed(reader, "/api/v1/claims?page_size=45")
    assert last["next"] is None and last["total"] == 45 and last["total_exact"] is True


def test_a_narrow_date_range_walks_in_list_order_by_page_and_by_next_link(
    reader: FlaskClient, store: str
) -> None:
    ids = fill(store, articles=9, per_article=5)
    in_range = [i for i in ids if 3 <= (i - 1) % 30 <= 9]  # said 2020-10-04 to 2020-10-10
    in_order = [item["id"] for item in walk(reader, "/api/v1/claims?page_size=7")]
    expected = [i for i in in_order if i in in_range]
    query = "/api/v1/claims?date_from=2020-10-04&date_to=2020-10-10&page_size=4"
    assert [item["id"] for item in walk(reader, query)] == expected
    pages = [item["id"] for page in range(1, 5) for item in listed(reader, f"{query}&page={page}")["items"]]
    assert pages == expected
    assert listed(reader, f"{query}&page=2")["total"] == len(expected)


def test_a_cursor_not_handed_out_is_refused(reader: FlaskClient, store: str) -> None:
    fill(store, articles=1, per_article=2)
    for bad in ("abc", "WzEsMl0", "WyJ4IiwxLDJd"):  # garbage, [1,2], ["x",1,2]
        response = reader.get(f"/api/v1/claims?cursor={bad}")
        assert response.status_code == 422, bad
        assert response.get_json()["errors"]["cursor"]
        assert reader.get(f"/api/v1/conflicts?cursor={bad}").status_code == 422


def test_source_filter_finds_a_source_however_it_is_written(reader: FlaskClient, store: str) -> None:
    ids = fill(store, articles=4, per_article=6)
    by_id = {item["id"] for item in walk(reader, "/api/v1/claims?source=1")}
    assert by_id == {i for n, i in enumerate(ids) if n % 6 == 0}
    written = {i for n, i in enumerate(ids) if n % 3 == 0}  # "Mr. Trump", with or without the id
    for spelling in ("donald trump", "DONALD  TRUMP", "President Trump"):
        assert {item["id"] for item in walk(reader, f"/api/v1/claims?source={spelling}")} == by_id
    assert {item["id"] for item in walk(reader, "/api/v1/claims?source=mr. trump")} == written


def test_count_exact_counts_every_match(reader: FlaskClient, store: str) -> None:
    fill(store, articles=60, per_article=20)  # 1,200 claims, beyond the exact-count cap
    counted = listed(reader, "/api/v1/claims?count=exact")
    assert counted["total"] == 1200 and counted["total_exact"] is True
    usual = listed(reader, "/api/v1/claims")
    if store.startswith("postgresql"):
        assert usual["total_exact"] is False and usual["total"] > COUNT_CAP
    else:
        assert usual["total"] == 1200 and usual["total_exact"] is True
    assert listed(reader, "/api/v1/claims?q=ceasefire&count=exact")["total"] == 600
    assert listed(reader, "/api/v1/claims?q=truce")["total"] == 300  # under the cap: exact
    assert listed(reader, "/api/v1/claims?q=truce")["total_exact"] is True


def conflicts_world(url: str, topics: int) -> None:
    """``topics`` topics, each with two claims in one denial conflict; activity one minute apart."""
    fill(url, articles=topics, per_article=2)
    with Session(get_engine(url)) as session:
        session.execute(
            insert(Topic),
            [
                {
                    "id": t,
                    "label": f"topic {t}",
                    "keywords": ["k"],
                    "centroid": {},
                    "claim_count": 2,
                    "created_at": NOW,
                    # Two topics share each time: ties go by id, newest first.
                    "last_activity_at": NOW + timedelta(minutes=t // 2),
                }
                for t in range(1, topics + 1)
            ],
        )
        conflicts = [
            {
                "id": c,
                "topic_id": (c + 1) // 2,
                "kind": "denial" if c % 2 else "contradiction",
                "explanation": "e",
                "confidence": 0.5 + (c % 3) / 10,
                "key": f"k{c}",
                "status": "open",
                "created_at": NOW,
            }
            for c in range(1, 2 * topics + 1)
        ]
        session.execute(insert(Conflict), conflicts)
        session.execute(
            insert(ConflictClaim),
            [
                {
                    "conflict_id": c["id"],
                    "claim_id": 2 * c["topic_id"] - 1 + side,
                    "side": side,
                    "source_id": 1 if side == 0 else None,
                    "said_on": date(2020, 10, 1) + timedelta(days=c["topic_id"] % 30),
                }
                for c in conflicts
                for side in (0, 1)
            ],
        )
        session.commit()


def test_conflicts_keep_their_grouping_by_topic_along_next_links(reader: FlaskClient, store: str) -> None:
    conflicts_world(store, topics=13)
    groups = walk(reader, "/api/v1/conflicts?page_size=4")
    topic_ids = [g["topic"]["id"] for g in groups]
    assert topic_ids == sorted(range(1, 14), key=lambda t: (-(t // 2), -t))  # newest activity first
    for group in groups:
        conflicts = group["conflicts"]
        assert {c["topic_id"] for c in conflicts} == {group["topic"]["id"]}
        assert len(conflicts) == 2 and [c["confidence"] for c in conflicts] == sorted(
            (c["confidence"] for c in conflicts), reverse=True
        )
        assert all(len(c["claims"]) == 2 and [x["side"] for x in c["claims"]] == [0, 1] for c in conflicts)
    paged = [
        g["topic"]["id"]
        for page in (1, 2, 3, 4)
        for g in listed(reader, f"/api/v1/conflicts?page_size=4&page={page}")["items"]
    ]
    assert paged == topic_ids
    first = listed(reader, "/api/v1/conflicts?page_size=4")
    assert first["total"] == 13 and first["total_exact"] is True
    denials = walk(reader, "/api/v1/conflicts?page_size=5&kind=denial&source_id=1")
    assert [g["topic"]["id"] for g in denials] == topic_ids
    assert all([c["kind"] for c in g["conflicts"]] == ["denial"] for g in denials)
    dated = walk(reader, "/api/v1/conflicts?date_from=2020-10-05&date_to=2020-10-08&page_size=2")
    assert sorted(g["topic"]["id"] for g in dated) == [4, 5, 6, 7]
