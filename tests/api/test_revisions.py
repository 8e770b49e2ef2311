"""Article revisions through the HTTP API: an update under the same external_id is the same
article, its old body stays readable, and a reviewed claim the edit left intact keeps its id
and its review. Processing runs the real pipeline (``process_article``) on the test database."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from workers.pipeline import process_article

STORY = (
    "The port authority said on Monday that the harbour would stay closed until further notice. "
    "Union leaders accused the government of ignoring safety warnings. "
    "The transport ministry denied that any warnings had been ignored."
)
UPDATE = "UPDATE 1: The mayor said the closure would cost the city millions. " + STORY.replace(
    "the harbour would stay closed until further notice", "the harbour would reopen on Friday"
)


def post(client: FlaskClient, headers: dict[str, str], body: str, title: str = "Harbour closed") -> Any:
    data = {"external_id": "wire-harbour-1", "title": title, "body": body, "publisher": "Wire"}
    return client.post("/api/v1/articles", json=data, headers=headers)


def claims_of(client: FlaskClient, article_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/claims?article_id={article_id}&page_size=100")
    assert response.status_code == 200
    return list(response.get_json()["items"])


def by_content(claims: list[dict[str, Any]], fragment: str) -> dict[str, Any]:
    return next(c for c in claims if fragment in c["content"])


def test_an_update_is_a_new_revision_of_the_same_article(
    client: FlaskClient, headers: dict[str, dict[str, str]], db_url: str
) -> None:
    first = post(client, headers["ingester"], STORY)
    assert first.status_code == 202
    article_id = first.get_json()["id"]
    assert first.get_json()["revision"] == 1
    assert process_article(db_url, article_id).status == "done"
    before = claims_of(client, article_id)
    denial = by_content(before, "any warnings had been ignored")
    harbour = by_content(before, "stay closed")
    review = client.post(
        f"/api/v1/claims/{denial['id']}/reviews", json={"verdict": "disputed"}, headers=headers["reviewer"]
    )
    assert review.status_code == 201

    second = post(client, headers["ingester"], UPDATE)
    assert second.status_code == 202
    assert second.get_json()["id"] == article_id
    assert second.get_json()["revision"] == 2
    assert process_article(db_url, article_id).status == "done"

    article = client.get(f"/api/v1/articles/{article_id}").get_json()
    assert article["revision"] == 2 and article["revised_at"] is not None
    assert article["body"] == UPDATE
    old = client.get(f"/api/v1/articles/{article_id}/revisions/1")
    assert old.status_code == 200
    assert old.get_json()["body"] == STORY and old.get_json()["current"] is False
    listing = client.get(f"/api/v1/articles/{article_id}/revisions").get_json()
    assert [r["revision"] for r in listing["items"]] == [1, 2]
    assert listing["items"][-1]["current"] is True

    after = claims_of(client, article_id)
    kept = by_content(after, "any warnings had been ignored")
    assert kept["id"] == denial["id"]
    assert kept["review_status"] == "disputed"
    start, end = kept["spans"]["content"][0]
    assert UPDATE[start:end] == kept["content"]  # spans index the current body
    detail = client.get(f"/api/v1/claims/{kept['id']}").get_json()
    assert [r["verdict"] for r in detail["reviews"]] == ["disputed"]
    edited = by_content(after, "reopen on Friday")
    assert edited["id"] != harbour["id"]
    assert edited["supersedes"] == harbour["id"]
    assert client.get(f"/api/v1/claims/{harbour['id']}").status_code == 404
    assert any("cost the city millions" in c["content"] for c in after)
    assert len(after) == len(before) + 1


def test_reposting_the_current_revision_is_a_no_op(
    client: FlaskClient, headers: dict[str, dict[str, str]]
) -> None:
    article_id = post(client, headers["ingester"], STORY).get_json()["id"]
    post(client, headers["ingester"], UPDATE)
    again = post(client, headers["ingester"], UPDATE)
    assert again.status_code == 200
    assert again.get_json() == {"id": article_id, "status": "queued", "revision": 2}


def test_an_invalid_revision_is_rejected_and_changes_nothing(
    client: FlaskClient, headers: dict[str, dict[str, str]]
) -> None:
    article_id = post(client, headers["ingester"], STORY).get_json()["id"]
    response = post(client, headers["ingester"], "   ")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert "body" in response.get_json()["errors"]
    article = client.get(f"/api/v1/articles/{article_id}").get_json()
    assert article["revision"] == 1 and article["body"] == STORY


def test_unknown_revisions_are_404_problems(client: FlaskClient, headers: dict[str, dict[str, str]]) -> None:
    article_id = post(client, headers["ingester"], STORY).get_json()["id"]
    for path in (f"/api/v1/articles/{article_id}/revisions/2", f"/api/v1/articles/{article_id}/revisions/0"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
        assert "has 1 to 1" in response.get_json()["detail"]
    assert client.get("/api/v1/articles/999/revisions").status_code == 404


def test_a_batch_revises_articles_it_names_by_external_id(
    client: FlaskClient, headers: dict[str, dict[str, str]], enqueued: Any
) -> None:
    article_id = post(client, headers["ingester"], STORY).get_json()["id"]
    batch = [
        {"external_id": "wire-harbour-1", "title": "Harbour closed", "body": UPDATE},
        {"external_id": "wire-other", "title": "Other", "body": "The mayor said the roads were open."},
        {"external_id": "wire-harbour-1", "title": "Harbour reopens", "body": UPDATE + " More later."},
    ]
    response = client.post("/api/v1/articles/batch", json=batch, headers=headers["ingester"])
    assert response.status_code == 202
    ids = response.get_json()["article_ids"]
    assert ids[0] == ids[2] == article_id and ids[1] != article_id
    article = client.get(f"/api/v1/articles/{article_id}").get_json()
    assert (article["revision"], article["title"], article["status"]) == (3, "Harbour reopens", "queued")
    listing = client.get(f"/api/v1/articles/{article_id}/revisions").get_json()["items"]
    assert [(r["revision"], r["title"]) for r in listing] == [
        (1, "Harbour closed"),
        (2, "Harbour closed"),
        (3, "Harbour reopens"),
    ]
    assert client.get(f"/api/v1/articles/{article_id}/revisions/2").get_json()["body"] == UPDATE


def test_a_late_copy_of_an_earlier_revision_does_not_undo_the_newer_one(
    client: FlaskClient, headers: dict[str, dict[str, str]]
) -> None:
    article_id = post(client, headers["ingester"], STORY).get_json()["id"]
    assert post(client, headers["ingester"], UPDATE).get_json()["revision"] == 2
    late = post(client, headers["ingester"], STORY)
    assert late.status_code == 200
    assert late.get_json() == {"id": article_id, "status": "queued", "revision": 2}
    assert client.get(f"/api/v1/articles/{article_id}").get_json()["body"] == UPDATE


def test_a_takedown_removes_every_revision_of_the_article(
    client: FlaskClient, headers: dict[str, dict[str, str]], db_url: str
) -> None:
    article_id = post(client, headers["ingester"], STORY).get_json()["id"]
    assert process_article(db_url, article_id).status == "done"
    assert post(client, headers["ingester"], UPDATE).get_json()["revision"] == 2
    assert process_article(db_url, article_id).status == "done"
    assert client.get(f"/api/v1/articles/{article_id}/revisions/1").status_code == 200

    assert client.delete(f"/api/v1/articles/{article_id}", headers=headers["admin"]).status_code == 204
    for path in (f"/api/v1/articles/{article_id}", f"/api/v1/articles/{article_id}/revisions/1"):
        gone = client.get(path)
        assert gone.status_code == 404
        assert gone.mimetype == "application/problem+json"


def test_source_claim_counts_follow_a_revision(
    client: FlaskClient, headers: dict[str, dict[str, str]], db_url: str
) -> None:
    article_id = post(client, headers["ingester"], STORY).get_json()["id"]
    assert process_article(db_url, article_id).status == "done"
    shorter = STORY.replace(" Union leaders accused the government of ignoring safety warnings.", "")
    assert post(client, headers["ingester"], shorter).get_json()["revision"] == 2
    assert process_article(db_url, article_id).status == "done"

    counted: dict[int, int] = {}
    for item in claims_of(client, article_id):
        if item["source"] is not None:
            counted[item["source"]["id"]] = counted.get(item["source"]["id"], 0) + 1
    sources = client.get("/api/v1/sources?page_size=100").get_json()["items"]
    assert {s["id"]: s["claim_count"] for s in sources if s["claim_count"]} == counted
