"""Listing claims (envelope, pagination, every filter) and one claim in full."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from service.repo.reviews import add_claim_review
from tests.api.factories import make_article, make_claim, make_conflict, make_source, make_topic

ASSERTED = "Stepanakert was shelled on Thursday"


@pytest.fixture
def world(session: Session) -> dict:
    """Two articles, three claims, a source, a topic and a conflict."""
    ministry = make_source(
        session,
        "Azerbaijan Ministry of Defence",
        affiliation="Azerbaijan",
        aliases=("the Azeri defense ministry",),
    )
    topic = make_topic(session)
    first = make_article(session, external_id="seed-2")
    second = make_article(session, external_id="seed-5", title="Other", body=first.body + " Later.")
    denial = make_claim(session, first, source_id=ministry.id, topic_id=topic.id, confidence=0.9)
    rescue = make_claim(
        session,
        first,
        ordinal=1,
        source_text="The rescue service",
        content=ASSERTED,
        stance="assertion",
        quote_type="indirect",
        topic_id=topic.id,
        said_on=date(2020, 11, 5),
        confidence=0.6,
    )
    later = make_claim(
        session,
        second,
        source_text="The rescue service",
        content=ASSERTED,
        stance="assertion",
        said_on=date(2020, 11, 9),
        confidence=0.3,
    )
    conflict = make_conflict(session, topic, [rescue, denial])
    return {
        "ministry": ministry,
        "topic": topic,
        "first": first,
        "second": second,
        "denial": denial,
        "rescue": rescue,
        "later": later,
        "conflict": conflict,
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


def test_list_returns_the_pagination_envelope(client, world):
    body = client.get("/api/v1/claims").get_json()
    assert set(body) == {"items", "page", "page_size", "total", "total_exact", "next"}
    assert (body["page"], body["page_size"], body["total"]) == (1, 20, 3)
    assert body["total_exact"] is True and body["next"] is None


def test_pagination_walks_every_claim_once(client, world):
    seen: list[int] = []
    for page in (1, 2, 3):
        body = client.get(f"/api/v1/claims?page={page}&page_size=1").get_json()
        assert body["total"] == 3 and body["page"] == page and body["page_size"] == 1
        seen += [item["id"] for item in body["items"]]
    assert sorted(seen) == sorted(c.id for c in (world["denial"], world["rescue"], world["later"]))
    assert client.get("/api/v1/claims?page=9&page_size=1").get_json()["items"] == []


def test_claim_has_the_documented_shape(client, world):
    denial = world["denial"]
    item = next(i for i in client.get("/api/v1/claims").get_json()["items"] if i["id"] == denial.id)
    assert item["article"] == {
        "id": world["first"].id,
        "external_id": "seed-2",
        "title": world["first"].title,
        "published_at": "2020-11-06",
    }
    body = world["first"].body
    for role, text in (("source", "Azerbaijan’s defense ministry"), ("cue", "said")):
        ((start, end),) = item["spans"][role]
        assert body[start:end] == text
    assert set(item["spans"]) == {"source", "cue", "content", "target"}
    assert item["source"] == {
        "id": world["ministry"].id,
        "name": "Azerbaijan Ministry of Defence",
        "mention": "Azerbaijan’s defense ministry",
        "kind": "government",
        "affiliation": "Azerbaijan",
    }
    assert item["stance"] == "denial" and item["quote_type"] == "mixed" and item["cue"] == "said"
    assert item["said_on"] == "2020-11-06"
    assert item["review_status"] == "unreviewed"
    assert item["topic_id"] == world["topic"].id
    assert item["extractor_version"] == "test-1"
    assert item["verification"] == {"publisher_unverified": False}
    assert item["confidence"] == 0.9 and item["quantities"] == []


def test_unnormalised_source_falls_back_to_the_mention(client, world):
    item = client.get(f"/api/v1/claims/{world['rescue'].id}").get_json()
    assert item["source"] == {
        "id": None,
        "name": "The rescue service",
        "mention": "The rescue service",
        "kind": "unknown",
        "affiliation": None,
    }


def test_filters(client, world):
    denial, rescue, later = world["denial"].id, world["rescue"].id, world["later"].id
    cases = {
        f"article_id={world['first'].id}": {denial, rescue},
        "external_id=seed-5": {later},
        "external_id=nope": set(),
        f"source={world['ministry'].id}": {denial},
        "source=azerbaijan ministry of defence": {denial},
        "source=The Azeri Defense Ministry": {denial},
        "source=the rescue service": {rescue, later},
        "stance=assertion": {rescue, later},
        "stance=denial": {denial},
        f"topic_id={world['topic'].id}": {denial, rescue},
        "q=STEPANAKERT": {rescue, later},
        "q=misinformation": {denial},
        "q=100%25": set(),
        "date_from=2020-11-06": {denial, later},
        "date_to=2020-11-06": {denial, rescue},
        "date_from=2020-11-06&date_to=2020-11-06": {denial},
        "date_from=2020-12-01&date_to=2020-01-01": set(),
        "min_confidence=0.5": {denial, rescue},
        "review_status=unreviewed": {denial, rescue, later},
        "review_status=confirmed": set(),
        "stance=assertion&date_from=2020-11-06": {later},
    }
    for query, expected in cases.items():
        assert ids(client.get(f"/api/v1/claims?{query}")) == expected, query


def test_review_status_filter_follows_reviews(client, session, world):
    add_claim_review(session, claim_id=world["later"].id, verdict="disputed", note=None, reviewer="r")
    assert ids(client.get("/api/v1/claims?review_status=disputed")) == {world["later"].id}


def test_claim_detail_has_topic_conflicts_and_review_history(client, session, world):
    denial = world["denial"]
    add_claim_review(session, claim_id=denial.id, verdict="disputed", note="first look", reviewer="ana")
    add_claim_review(session, claim_id=denial.id, verdict="confirmed", note=None, reviewer="ben")
    body = client.get(f"/api/v1/claims/{denial.id}").get_json()
    assert body["topic"] == {
        "id": world["topic"].id,
        "label": "shelling of Stepanakert",
        "keywords": ["Stepanakert", "shelling"],
    }
    (conflict,) = body["conflicts"]
    assert conflict["id"] == world["conflict"].id and conflict["kind"] == "denial"
    assert conflict["claim_ids"] == [world["rescue"].id, denial.id]
    assert [r["verdict"] for r in body["reviews"]] == ["disputed", "confirmed"]
    assert body["reviews"][0]["reviewer"] == "ana" and body["reviews"][0]["note"] == "first look"
    assert body["review_status"] == "confirmed"


def test_claim_without_topic_or_conflicts(client, world):
    body = client.get(f"/api/v1/claims/{world['later'].id}").get_json()
    assert body["topic"] is None and body["conflicts"] == [] and body["reviews"] == []


def test_unknown_claim_is_404(client):
    response = client.get("/api/v1/claims/12345")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_listing_a_page_takes_a_fixed_number_of_queries(client, session, world, app):
    from sqlalchemy import event

    from service.db import get_engine

    article = world["first"]
    for i in range(30):
        make_claim(session, article, ordinal=10 + i, source_id=world["ministry"].id)
    statements: list[str] = []
    engine = get_engine(app.config["CLAIMTRACK"].database_url)

    def count(*_args):
        statements.append("x")

    event.listen(engine, "before_cursor_execute", count)
    try:
        small = client.get("/api/v1/claims?page_size=2")
        small_count = len(statements)
        statements.clear()
        big = client.get("/api/v1/claims?page_size=30")
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert small.status_code == big.status_code == 200
    assert len(statements) == small_count <= 5
