"""The reads around articles, conflicts and sources, and taking an article down."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlmodel import Session, select

from service.models import Article, Review, Topic
from tests.api.factories import make_article, make_claim, make_conflict, make_source, make_topic

ASSERTED = "Stepanakert was shelled on Thursday"


@pytest.fixture
def archive(session: Session) -> list[int]:
    """Five articles: three Reuters (one failed), two AP, published a day apart."""
    rows = [
        ("w-1", "Reuters", "done", date(2020, 11, 1)),
        ("w-2", "AP", "done", date(2020, 11, 2)),
        ("w-3", "Reuters", "failed", date(2020, 11, 3)),
        ("w-4", "reuters", "done", date(2020, 11, 4)),
        ("w-4", "AP", "queued", None),
    ]
    ids = []
    for n, (external_id, publisher, status, published) in enumerate(rows):
        article = make_article(
            session,
            title=f"Story {n}",
            body=f"Body {n}.",
            external_id=external_id,
            publisher=publisher,
            status=status,
            published_at=published,
        )
        ids.append(int(article.id or 0))
    return ids


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_articles_list_newest_first_without_bodies(client: FlaskClient, archive: list[int]) -> None:
    response = client.get("/api/v1/articles")
    body = response.get_json()
    assert _ids(response) == archive[::-1]
    assert body["total"] == 5 and body["total_exact"] is True and body["next"] is None
    first = body["items"][0]
    assert "body" not in first and first["claim_count"] == 0 and first["status"] == "queued"


@pytest.mark.parametrize(
    ("query", "picked"),
    [
        ("external_id=w-4", [4, 3]),
        ("status=failed", [2]),
        ("publisher=REUTERS", [3, 2, 0]),
        ("date_from=2020-11-02&date_to=2020-11-03", [2, 1]),
        ("publisher=reuters&status=done&date_to=2020-11-02", [0]),
        ("publisher=Le%20Monde", []),
    ],
)
def test_articles_list_filters(
    client: FlaskClient, archive: list[int], query: str, picked: list[int]
) -> None:
    assert _ids(client.get(f"/api/v1/articles?{query}")) == [archive[i] for i in picked]


def test_articles_list_pages_by_cursor(client: FlaskClient, archive: list[int]) -> None:
    seen: list[int] = []
    url: str | None = "/api/v1/articles?page_size=2&publisher=reuters"
    pages = 0
    while url:
        response = client.get(url)
        seen += _ids(response)
        url = response.get_json()["next"]
        pages += 1
    assert seen == [archive[3], archive[2], archive[0]] and pages == 2
    second = client.get("/api/v1/articles?page_size=2&page=2").get_json()
    assert [i["id"] for i in second["items"]] == [archive[2], archive[1]] and second["page"] == 2


@pytest.mark.parametrize(
    "query",
    ["status=archived", "date_from=yesterday", "cursor=not%20a%20cursor", "cursor=WzFd0", "page_size=0"],
)
def test_articles_list_bad_input_is_a_problem(client: FlaskClient, archive: list[int], query: str) -> None:
    response = client.get(f"/api/v1/articles?{query}")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"


@pytest.fixture
def story(session: Session) -> dict[str, Any]:
    """A denial (article A) and the assertion it contradicts (article B) in one topic, a
    second topic holding only a claim of A, a review of the denial and of the conflict."""
    ministry = make_source(session, "Azerbaijan Ministry of Defence", affiliation="Azerbaijan")
    rescue = make_source(session, "Rescue Service", kind="organisation", affiliation="Nagorno-Karabakh")
    shelling = make_topic(session, claim_count=2)
    lonely = make_topic(session, label="weather in Baku", claim_count=1)
    a = make_article(session, external_id="a", publisher="Reuters")
    b = make_article(session, external_id="b", title="Another story", publisher="AP")
    denial = make_claim(session, a, source_id=ministry.id, topic_id=shelling.id)
    aside = make_claim(session, a, ordinal=1, content=ASSERTED, stance="assertion", topic_id=lonely.id)
    assertion = make_claim(
        session, b, content=ASSERTED, stance="assertion", source_id=rescue.id, topic_id=shelling.id
    )
    conflict = make_conflict(session, shelling, [denial, assertion])
    session.add(Review(claim_id=denial.id, verdict="disputed", note="two sources disagree", reviewer="ed"))
    session.add(Review(conflict_id=conflict.id, verdict="resolved", reviewer="ed"))
    session.commit()
    return {
        "a": a.id, "b": b.id, "denial": denial.id, "aside": aside.id, "assertion": assertion.id,
        "conflict": conflict.id, "shelling": shelling.id, "lonely": lonely.id, "ministry": ministry.id,
    }  # fmt: skip


def test_conflict_by_id_has_topic_claims_and_reviews(client: FlaskClient, story: dict[str, Any]) -> None:
    body = client.get(f"/api/v1/conflicts/{story['conflict']}").get_json()
    assert body["kind"] == "denial" and body["explanation"]
    assert body["topic"]["id"] == story["shelling"] and body["topic"]["label"] == "shelling of Stepanakert"
    assert [(c["id"], c["side"]) for c in body["claims"]] == [(story["denial"], 0), (story["assertion"], 1)]
    assert body["claims"][0]["source"]["name"] == "Azerbaijan Ministry of Defence"
    assert [r["verdict"] for r in body["reviews"]] == ["resolved"]
    missing = client.get("/api/v1/conflicts/999")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"


def test_source_by_id_with_its_claims_paged(
    client: FlaskClient, session: Session, story: dict[str, Any]
) -> None:
    a = session.get_one(Article, story["a"])
    for n in range(2, 5):
        make_claim(session, a, ordinal=n, source_id=story["ministry"])
    body = client.get(f"/api/v1/sources/{story['ministry']}?page_size=3").get_json()
    assert body["name"] == "Azerbaijan Ministry of Defence" and body["claim_count"] == 4
    assert body["claims"]["total"] == 4 and len(body["claims"]["items"]) == 3
    assert {c["source"]["id"] for c in body["claims"]["items"]} == {story["ministry"]}
    rest = client.get(body["claims"]["next"]).get_json()
    assert len(rest["claims"]["items"]) == 1 and rest["claims"]["next"] is None
    assert client.get("/api/v1/sources/999").status_code == 404


def test_only_an_admin_deletes(client: FlaskClient, headers: dict, story: dict[str, Any]) -> None:
    for role in ("reader", "reviewer", "ingester"):
        response = client.delete(f"/api/v1/articles/{story['a']}", headers=headers[role])
        assert response.status_code == 403 and response.mimetype == "application/problem+json"
    assert client.delete(f"/api/v1/articles/{story['a']}").status_code == 401
    assert client.get(f"/api/v1/articles/{story['a']}").status_code == 200


def test_delete_takes_the_article_and_what_hangs_on_it(
    client: FlaskClient, headers: dict, session: Session, story: dict[str, Any]
) -> None:
    topics_before = {t["id"] for t in client.get("/api/v1/topics").get_json()["items"]}
    assert {story["shelling"], story["lonely"]} <= topics_before
    response = client.delete(f"/api/v1/articles/{story['a']}", headers=headers["admin"])
    assert response.status_code == 204 and response.data == b""

    assert client.get(f"/api/v1/articles/{story['a']}").status_code == 404
    assert client.get(f"/api/v1/claims/{story['denial']}").status_code == 404
    assert client.get(f"/api/v1/conflicts/{story['conflict']}").status_code == 404
    assert client.get("/api/v1/conflicts").get_json()["items"] == []
    assert _ids(client.get("/api/v1/claims")) == [story["assertion"]]
    topics = {t["id"]: t for t in client.get("/api/v1/topics").get_json()["items"]}
    assert story["lonely"] not in topics and topics[story["shelling"]]["claim_count"] == 1
    session.expire_all()
    assert session.get_one(Topic, story["lonely"]).claim_count == 0

    reviews = session.exec(select(Review).order_by(Review.id)).all()
    assert [(r.verdict, r.claim_id, r.conflict_id) for r in reviews] == [
        ("disputed", None, None),
        ("resolved", None, None),
    ]
    assert reviews[0].note.startswith("two sources disagree\ndeleted: claim")
    assert "misinformation" in reviews[0].note
    assert reviews[1].note.startswith(f"deleted: conflict {story['conflict']}, with a claim of article")

    again = client.delete(f"/api/v1/articles/{story['a']}", headers=headers["admin"])
    assert again.status_code == 404 and again.mimetype == "application/problem+json"
    assert f"no article with id {story['a']}" in again.get_json()["detail"]


def test_the_new_reads_are_in_the_openapi_document(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/articles"])
    assert {"get", "delete"} <= set(paths["/api/v1/articles/{article_id}"])
    assert "204" in paths["/api/v1/articles/{article_id}"]["delete"]["responses"]
    assert "get" in paths["/api/v1/conflicts/{conflict_id}"]
    assert "get" in paths["/api/v1/sources/{source_id}"]
