"""Jobs (batch progress, re-extraction) and the liveness/readiness probes."""

from __future__ import annotations

from flask import Flask

from service.app import create_app
from service.models import Article
from tests.api.factories import make_article


def test_batch_job_progress_follows_its_articles(client, headers, session):
    items = [{"title": f"T{i}", "body": f"Body {i}."} for i in range(3)]
    job = client.post("/api/v1/articles/batch", json=items, headers=headers["ingester"]).get_json()
    fetched = client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert fetched["status"] == "queued" and fetched["total"] == 3
    assert fetched["progress"]["queued"] == 3
    for article_id in job["article_ids"]:
        article = session.get(Article, article_id)
        article.status = "done"
        session.add(article)
    session.commit()
    fetched = client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert fetched["status"] == "done" and fetched["done"] == 3


def test_unknown_job_is_404(client):
    response = client.get("/api/v1/jobs/77")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_reingest_queues_articles_from_older_extractors(client, headers, session, enqueued):
    old = make_article(session, extractor_version="rules-0")
    response = client.post("/api/v1/reingest", json={"version": "rules-1"}, headers=headers["admin"])
    assert response.status_code == 202
    job = response.get_json()
    assert job["kind"] == "reingest" and job["total"] == 1
    assert job["params"]["version"] == "rules-1"
    assert response.headers["Location"].endswith(f"/api/v1/jobs/{job['id']}")
    assert enqueued.jobs == [job["id"]]
    session.expire_all()
    assert session.get(Article, old.id).status == "queued"


def test_reingest_accepts_an_empty_body_and_defaults_to_the_running_extractor(client, headers, enqueued):
    from workers.extraction import EXTRACTOR_VERSION

    response = client.post("/api/v1/reingest", headers=headers["admin"])
    assert response.status_code == 202
    job = response.get_json()
    assert job["params"]["version"] == EXTRACTOR_VERSION
    assert job["total"] == 0 and job["status"] == "done"
    assert enqueued.jobs == []


def test_reingest_rejects_bad_bodies(client, headers):
    assert client.post("/api/v1/reingest", json={"versoin": "x"}, headers=headers["admin"]).status_code == 422
    response = client.post(
        "/api/v1/reingest", data="v=1", content_type="text/plain", headers=headers["admin"]
    )
    assert response.status_code == 415


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok"}


def test_readyz_is_503_when_the_database_is_unreachable(tmp_path):
    app: Flask = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", "BROKER_URL": None, "TESTING": True}
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert problem["checks"] == {"database": "unreachable"}
    assert "database" in problem["detail"]
    assert app.test_client().get("/healthz").status_code == 200


def test_readyz_is_503_when_the_broker_is_unreachable(db_url):
    app = create_app({"DATABASE_URL": db_url, "BROKER_URL": "redis://127.0.0.1:1/0", "TESTING": True})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "broker": "unreachable"}


def test_a_database_outage_during_a_request_is_503_not_500(tmp_path):
    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3", "BROKER_URL": None, "TESTING": True}
    )
    response = app.test_client().get("/api/v1/claims")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"


def test_processing_a_real_article_end_to_end(client, headers, db_url):
    """Submit through the API, run the pipeline step synchronously, read the claims back."""
    from workers.pipeline import process_article

    body = (
        "Azerbaijan’s defense ministry said allegations that it had shelled civilian areas were "
        "“misinformation”. Armenia denied such an attack, a spokeswoman said on Thursday."
    )
    posted = client.post(
        "/api/v1/articles",
        json={"title": "Shelling", "body": body, "published_at": "2020-11-06", "publisher": "Reuters"},
        headers=headers["ingester"],
    ).get_json()
    outcome = process_article(db_url, posted["id"])
    assert outcome.status == "done"
    article = client.get(f"/api/v1/articles/{posted['id']}").get_json()
    assert article["status"] == "done" and article["claim_count"] >= 1
    claims = client.get(f"/api/v1/claims?article_id={posted['id']}").get_json()
    assert claims["total"] == article["claim_count"]
    for claim in claims["items"]:
        for pairs in claim["spans"].values():
            for start, end in pairs:
                assert 0 <= start < end <= len(body)
        assert client.get(f"/api/v1/claims/{claim['id']}").status_code == 200


def test_readyz_is_503_when_a_postgresql_server_is_unreachable():
    app = create_app(
        {"DATABASE_URL": "postgresql+psycopg://claimtrack@127.0.0.1:1/claimtrack", "BROKER_URL": None}
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "unreachable"}
