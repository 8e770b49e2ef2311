"""Submitting articles (one, or a batch as JSON or JSON Lines) and reading them back."""

from __future__ import annotations

import json

from sqlmodel import Session, func, select

from service.models import Article, Job
from tests.api.factories import make_article, make_claim

ARTICLE = {
    "external_id": "seed-2",
    "url": "https://www.reuters.com/article/seed-2",
    "title": "Azerbaijan denies shelling civilian areas",
    "body": "Azerbaijan’s defense ministry said the allegations were “misinformation”.\n\nMore text.",
    "published_at": "2020-11-06",
    "publisher": "Reuters",
    "byline": "By Nailia Bagirova",
    "dateline": "BAKU",
}


def count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_post_article_is_stored_queued_and_enqueued(client, headers, session, enqueued):
    response = client.post("/api/v1/articles", json=ARTICLE, headers=headers["ingester"])
    assert response.status_code == 202
    body = response.get_json()
    assert body == {"id": body["id"], "status": "queued", "revision": 1}
    assert response.headers["Location"].endswith(f"/api/v1/articles/{body['id']}")
    assert enqueued.articles == [body["id"]]
    stored = session.get(Article, body["id"])
    assert stored is not None and stored.body == ARTICLE["body"] and stored.publisher == "Reuters"


def test_reposting_the_same_content_returns_the_existing_article(client, headers, session, enqueued):
    first = client.post("/api/v1/articles", json=ARTICLE, headers=headers["ingester"])
    again = client.post(
        "/api/v1/articles", json={**ARTICLE, "external_id": "other"}, headers=headers["admin"]
    )
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert enqueued.articles == [first.get_json()["id"]]
    assert count(session, Article) == 1


def test_only_title_and_body_are_required(client, headers):
    response = client.post("/api/v1/articles", json={"title": "T", "body": "B"}, headers=headers["ingester"])
    assert response.status_code == 202


def test_a_timestamp_is_accepted_as_publication_date(client, headers):
    data = {**ARTICLE, "published_at": "2020-11-06T09:30:00Z"}
    response = client.post("/api/v1/articles", json=data, headers=headers["ingester"])
    assert response.status_code == 202
    article = client.get(response.headers["Location"]).get_json()
    assert article["published_at"] == "2020-11-06"


def test_get_article_returns_body_as_stored_status_and_claim_count(client, session):
    article = make_article(session, status="failed", status_reason="extraction failed: ValueError")
    make_claim(session, article)
    make_claim(session, article, ordinal=1)
    response = client.get(f"/api/v1/articles/{article.id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["body"] == article.body
    assert body["status"] == "failed"
    assert body["status_reason"] == "extraction failed: ValueError"
    assert body["claim_count"] == 2
    assert body["published_at"] == "2020-11-06"


def test_unknown_article_is_a_404_problem(client):
    response = client.get("/api/v1/articles/999")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"
    assert response.get_json()["detail"] == "There is no article with id 999."


def test_batch_as_json_array_creates_one_job(client, headers, session, enqueued):
    items = [{**ARTICLE, "external_id": f"a{i}", "title": f"Article {i}"} for i in range(3)]
    response = client.post("/api/v1/articles/batch", json=items, headers=headers["ingester"])
    assert response.status_code == 202
    job = response.get_json()
    assert job["kind"] == "batch_ingest"
    assert job["total"] == 3
    assert len(job["article_ids"]) == 3
    assert response.headers["Location"].endswith(f"/api/v1/jobs/{job['id']}")
    assert enqueued.jobs == [job["id"]]
    assert count(session, Article) == 3


def test_batch_as_json_lines(client, headers, session):
    # Distinct external ids: new content under one external_id would revise its article.
    items = [{**ARTICLE, "external_id": f"seed-2-{i}", "title": f"Article {i}"} for i in range(2)]
    lines = "\n".join(json.dumps(item) for item in items) + "\n\n"
    for mimetype in ("application/x-ndjson", "application/jsonl"):
        response = client.post(
            "/api/v1/articles/batch", data=lines.encode(), content_type=mimetype, headers=headers["ingester"]
        )
        assert response.status_code == 202, response.get_json()
    assert count(session, Article) == 2  # the second post finds the same content


def test_batch_with_one_invalid_item_is_rejected_whole(client, headers, session, enqueued):
    items = [ARTICLE, {**ARTICLE, "title": ""}, {**ARTICLE, "title": "ok", "extra": 1}]
    response = client.post("/api/v1/articles/batch", json=items, headers=headers["ingester"])
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    errors = response.get_json()["errors"]
    assert set(errors) == {"1", "2"}
    assert "title" in errors["1"] and "extra" in errors["2"]
    assert count(session, Article) == 0 and count(session, Job) == 0
    assert enqueued.jobs == []


def test_json_lines_batch_with_a_broken_line_stores_nothing(client, headers, session):
    data = json.dumps(ARTICLE) + "\n{not json\n"
    response = client.post(
        "/api/v1/articles/batch", data=data, content_type="application/x-ndjson", headers=headers["ingester"]
    )
    assert response.status_code == 400
    problem = response.get_json()
    assert problem["detail"] == "Line 2 is not valid JSON."
    assert problem["errors"] == {"1": ["Line 2 is not valid JSON."]}
    assert count(session, Article) == 0


def test_batch_must_be_a_non_empty_array(client, headers):
    empty = client.post("/api/v1/articles/batch", json=[], headers=headers["ingester"])
    assert empty.status_code == 422
    single = client.post("/api/v1/articles/batch", json=ARTICLE, headers=headers["ingester"])
    assert single.status_code == 422
    assert single.get_json()["detail"] == "Send a JSON array of articles."


def test_batch_rejects_malformed_json_and_invalid_utf8(client, headers, session):
    bad_json = client.post(
        "/api/v1/articles/batch", data=b"[{", content_type="application/json", headers=headers["ingester"]
    )
    assert bad_json.status_code == 400
    bad_utf8 = client.post(
        "/api/v1/articles/batch", data=b"[\xff]", content_type="application/json", headers=headers["ingester"]
    )
    assert bad_utf8.status_code == 400
    assert bad_utf8.get_json()["detail"] == "The body is not valid UTF-8."
    assert count(session, Article) == 0
