"""Topics, the conflicts board and sources: grouped views over the same claim shape."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from tests.api.factories import make_article, make_claim, make_conflict, make_source, make_topic

ASSERTED = "Stepanakert was shelled on Thursday"
CLAIM_KEYS = {
    "id",
    "article",
    "text",
    "content",
    "spans",
    "source",
    "cue",
    "stance",
    "quote_type",
    "said_on",
    "verification",
    "review_status",
    "topic_id",
    "extractor_version",
    "confidence",
    "quantities",
}


@pytest.fixture
def board(session: Session) -> dict:
    ministry = make_source(
        session,
        "Azerbaijan Ministry of Defence",
        affiliation="Azerbaijan",
        aliases=("azerbaijan’s defense ministry",),
    )
    rescue_service = make_source(
        session,
        "Nagorno-Karabakh Emergency and Rescue Service",
        kind="organisation",
        affiliation="Nagorno-Karabakh",
    )
    topic = make_topic(session)
    quiet = make_topic(session, label="weather in Baku", claim_count=1)
    article = make_article(session, external_id="seed-2")
    denial = make_claim(session, article, source_id=ministry.id, topic_id=topic.id)
    assertion = make_claim(
        session,
        article,
        ordinal=1,
        source_text="The rescue service",
        content=ASSERTED,
        stance="assertion",
        source_id=rescue_service.id,
        topic_id=topic.id,
        said_on=date(2020, 11, 5),
    )
    other = make_claim(
        session,
        article,
        ordinal=2,
        topic_id=quiet.id,
        source_text="The rescue service",
        content=ASSERTED,
        stance="assertion",
    )
    conflict = make_conflict(session, topic, [assertion, denial])
    return {
        "ministry": ministry,
        "rescue": rescue_service,
        "topic": topic,
        "quiet": quiet,
        "denial": denial,
        "assertion": assertion,
        "other": other,
        "conflict": conflict,
    }


def test_conflicts_are_grouped_by_topic_with_full_claims(client, board):
    body = client.get("/api/v1/conflicts").get_json()
    assert (body["page"], body["page_size"], body["total"]) == (1, 20, 1)
    (group,) = body["items"]
    assert group["topic"]["id"] == board["topic"].id and group["topic"]["label"] == "shelling of Stepanakert"
    (conflict,) = group["conflicts"]
    assert conflict["id"] == board["conflict"].id and conflict["kind"] == "denial" and conflict["explanation"]
    assert [c["id"] for c in conflict["claims"]] == [board["assertion"].id, board["denial"].id]
    assert [c["side"] for c in conflict["claims"]] == [0, 1]
    for claim in conflict["claims"]:
        assert set(claim) >= CLAIM_KEYS
    assert conflict["claims"][1]["source"]["name"] == "Azerbaijan Ministry of Defence"


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        ("kind=denial", 1),
        ("kind=numeric", 0),
        ("affiliation=Azerbaijan", 1),
        ("affiliation=Armenia", 0),
        ("date_from=2020-11-06", 1),
        ("date_to=2020-11-04", 0),
        ("min_confidence=0.9", 0),
        ("status=resolved", 0),
        ("status=any", 1),
    ],
)
def test_conflict_filters(client, board, query, groups):
    assert client.get(f"/api/v1/conflicts?{query}").get_json()["total"] == groups


def test_conflict_filter_by_source(client, board):
    assert client.get(f"/api/v1/conflicts?source_id={board['ministry'].id}").get_json()["total"] == 1
    assert client.get("/api/v1/conflicts?source_id=999").get_json()["total"] == 0


def test_bad_conflict_filters_are_422(client):
    for query in ("kind=argument", "status=closed", "min_confidence=-1", "date_from=soon"):
        response = client.get(f"/api/v1/conflicts?{query}")
        assert response.status_code == 422, query
        assert response.content_type == "application/problem+json"


def test_topics_list_and_conflicting_filter(client, board):
    body = client.get("/api/v1/topics").get_json()
    assert body["total"] == 2
    assert {t["id"]: t["conflict_count"] for t in body["items"]} == {
        board["topic"].id: 1,
        board["quiet"].id: 0,
    }
    conflicting = client.get("/api/v1/topics?conflicting=true").get_json()
    assert [t["id"] for t in conflicting["items"]] == [board["topic"].id]
    calm = client.get("/api/v1/topics?conflicting=false").get_json()
    assert [t["id"] for t in calm["items"]] == [board["quiet"].id]
    assert client.get("/api/v1/topics?q=baku").get_json()["total"] == 1


def test_topic_detail_groups_claims_by_source(client, board):
    body = client.get(f"/api/v1/topics/{board['topic'].id}").get_json()
    assert body["label"] == "shelling of Stepanakert"
    groups = {g["source"]["name"]: [c["id"] for c in g["claims"]] for g in body["sources"]}
    assert groups == {
        "Azerbaijan Ministry of Defence": [board["denial"].id],
        "Nagorno-Karabakh Emergency and Rescue Service": [board["assertion"].id],
    }
    for group in body["sources"]:
        for claim in group["claims"]:
            assert set(claim) >= CLAIM_KEYS
    (conflict,) = body["conflicts"]
    assert {c["id"] for c in conflict["claims"]} == {board["denial"].id, board["assertion"].id}


def test_unknown_topic_is_404(client):
    response = client.get("/api/v1/topics/4040")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_sources_with_aliases_and_claim_counts(client, board):
    body = client.get("/api/v1/sources").get_json()
    assert body["total"] == 2
    by_name = {s["name"]: s for s in body["items"]}
    ministry = by_name["Azerbaijan Ministry of Defence"]
    assert ministry["claim_count"] == 1 and ministry["aliases"] == ["azerbaijan’s defense ministry"]
    assert ministry["affiliation"] == "Azerbaijan" and ministry["kind"] == "government"
    assert client.get("/api/v1/sources?q=defense").get_json()["total"] == 1
    assert client.get("/api/v1/sources?kind=organisation").get_json()["total"] == 1


def test_seed_articles_through_the_api_surface_their_conflicts(client, headers, db_url, enqueued):
    """The Reuters seed articles, submitted as a batch and processed, give the conflict kinds
    the design names (denial, contradiction, mutual accusation) on the conflicts board."""
    import json
    from pathlib import Path

    from workers.pipeline import process_article

    seed = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed-articles.jsonl"
    if not seed.exists():
        pytest.skip("seed corpus not available")
    items = [
        {"external_id": a["id"], "title": a["title"], "body": a["body"], "published_at": a.get("published")}
        for a in map(json.loads, seed.read_text(encoding="utf-8").splitlines())
        if a
    ]
    job = client.post("/api/v1/articles/batch", json=items, headers=headers["ingester"]).get_json()
    for article_id in job["article_ids"]:
        assert process_article(db_url, article_id).status == "done"
    assert client.get(f"/api/v1/jobs/{job['id']}").get_json()["status"] == "done"
    board = client.get("/api/v1/conflicts?page_size=100").get_json()
    kinds = {c["kind"] for group in board["items"] for c in group["conflicts"]}
    assert {"denial", "contradiction", "mutual_accusation"} <= kinds
    for group in board["items"]:
        for conflict in group["conflicts"]:
            # a mutual accusation may be one claim with two sources ("each accused the other")
            assert len(conflict["claims"]) >= (1 if conflict["kind"] == "mutual_accusation" else 2)
            assert conflict["topic_id"] == group["topic"]["id"]
