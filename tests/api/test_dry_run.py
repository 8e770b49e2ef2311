"""Dry-run re-extraction through the HTTP API: the report says what would change, nothing is
written, and the real run made from it then does exactly that (and skips articles changed
since). Processing runs the real pipeline on the test database."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlmodel import Session, col, select

from service.models import Article, Claim, Conflict, ConflictClaim
from workers.pipeline import process_article, run_job

ACCUSATION = (
    "Armenia's defence ministry said on Monday that Azerbaijani forces had shelled the town of "
    "Martuni overnight. The port authority said the harbour would stay closed until further notice."
)
DENIAL = (
    "Azerbaijan's defence ministry on Tuesday denied that its forces had shelled the town of Martuni. "
    "Armenia accused Azerbaijan of shelling civilian areas."
)


def ingest(client: FlaskClient, headers: dict[str, str], db_url: str, body: str, external_id: str) -> int:
    data = {"external_id": external_id, "title": body[:30], "body": body, "published_at": "2024-03-04"}
    response = client.post("/api/v1/articles", json=data, headers=headers)
    assert response.status_code == 202
    article_id = int(response.get_json()["id"])
    assert process_article(db_url, article_id).status == "done"
    return article_id


def claim_ids(session: Session, article_id: int) -> set[int]:
    rows = session.exec(select(Claim.id).where(Claim.article_id == article_id)).all()
    return {int(i) for i in rows if i is not None}


def conflict_keys(session: Session, article_id: int) -> dict[int, str]:
    """The conflicts the article's claims take part in: id -> key (kind and claim ids; SQLite
    may give a new conflict the id of one deleted before it, never its key)."""
    ids = claim_ids(session, article_id)
    involved = select(ConflictClaim.conflict_id).where(col(ConflictClaim.claim_id).in_(ids))
    rows = session.exec(select(Conflict.id, Conflict.key).where(col(Conflict.id).in_(involved))).all()
    return {int(i or 0): key for i, key in rows}


def claim_with(session: Session, article_id: int, fragment: str) -> Claim:
    claims = session.exec(select(Claim).where(Claim.article_id == article_id)).all()
    return next(c for c in claims if fragment in c.content)


def older_extraction(session: Session, article_id: int) -> dict[str, int]:
    """Make the article look as an older extractor left it: another version, one claim read
    with the wrong stance, one claim no extractor would make."""
    article = session.get(Article, article_id)
    assert article is not None
    article.extractor_version = "older-1"
    charge = claim_with(session, article_id, "civilian areas")
    charge.stance = "assertion"
    body = article.body
    start = body.index("on Tuesday")
    stray = Claim(
        article_id=article_id,
        ordinal=9,
        text=body,
        content="on Tuesday",
        source_mention="Armenia",
        source_resolved="Armenia",
        cue="accused",
        cue_lemma="accuse",
        spans={
            "source": [[body.index("Armenia"), body.index("Armenia") + 7]],
            "cue": [[body.index("accused"), body.index("accused") + 7]],
            "content": [[start, start + 10]],
        },
        stance="assertion",
        extractor_version="older-1",
    )
    session.add_all([article, charge, stray])
    session.commit()
    return {"charge": int(charge.id or 0), "stray": int(stray.id or 0)}


def report_of(client: FlaskClient, job_id: int) -> dict[str, Any]:
    response = client.get(f"/api/v1/jobs/{job_id}/report")
    assert response.status_code == 200
    return dict(response.get_json())


def test_the_real_run_does_what_the_dry_run_reported(
    client: FlaskClient, headers: dict[str, dict[str, str]], db_url: str, session: Session
) -> None:
    ingest(client, headers["ingester"], db_url, ACCUSATION, "wire-acc")
    article_id = ingest(client, headers["ingester"], db_url, DENIAL, "wire-den")
    ids = older_extraction(session, article_id)
    denial = claim_with(session, article_id, "shelled the town")
    for claim_id, verdict in ((int(denial.id or 0), "confirmed"), (ids["charge"], "disputed")):
        posted = client.post(
            f"/api/v1/claims/{claim_id}/reviews", json={"verdict": verdict}, headers=headers["reviewer"]
        )
        assert posted.status_code == 201
    before_claims, before_conflicts = claim_ids(session, article_id), conflict_keys(session, article_id)

    started = client.post("/api/v1/reingest", json={"dry_run": True}, headers=headers["admin"])
    assert started.status_code == 202
    job = started.get_json()
    assert job["kind"] == "reingest_dry_run" and job["params"]["article_ids"] == [article_id]
    run_job(db_url, job["id"], send=lambda _i: None)
    report = report_of(client, job["id"])
    assert report["status"] == "done"
    session.expire_all()
    assert claim_ids(session, article_id) == before_claims  # nothing written
    assert conflict_keys(session, article_id) == before_conflicts
    assert client.get(f"/api/v1/jobs/{job['id']}").get_json()["report"]["totals"] == report["totals"]

    [item] = report["items"]
    assert item["status"] == "ok"
    assert item["kept"] == [denial.id]
    assert [c["id"] for c in item["removed"]] == [ids["stray"]]
    [changed] = item["changed"]
    assert changed["claim_id"] == ids["charge"] and changed["fields"] == ["stance"]
    assert changed["after"]["stance"] == "accusation"
    assert [(r["claim_id"], r["outcome"]) for r in item["reviewed_unmatched"]] == [(ids["charge"], "changed")]
    assert report["totals"]["changed"] == 1 and report["totals"]["removed"] == 1
    assert report["totals"]["conflicts_gained"] == len(item["conflicts_gained"]) >= 1
    lost = {before_conflicts[c["conflict_id"]] for c in item["conflicts_lost"]}
    assert lost

    applied = client.post("/api/v1/reingest", json={"from_dry_run": job["id"]}, headers=headers["admin"])
    assert applied.status_code == 202
    real = applied.get_json()
    assert real["params"]["article_ids"] == [article_id] and real["params"]["skipped"] == []
    assert process_article(db_url, article_id).status == "done"

    session.expire_all()
    after = claim_ids(session, article_id)
    assert set(item["kept"]) <= after
    assert not ({ids["stray"], ids["charge"]} & after)
    successor = session.exec(select(Claim).where(Claim.supersedes_id == ids["charge"])).one()
    assert (successor.stance, successor.content) == (changed["after"]["stance"], changed["after"]["content"])
    assert len(after) == len(item["kept"]) + len(item["added"]) + len(item["changed"])
    now = set(conflict_keys(session, article_id).values())
    assert not (now & lost)
    assert len(now - set(before_conflicts.values())) == len(item["conflicts_gained"])
    kept = client.get(f"/api/v1/claims/{denial.id}").get_json()
    assert kept["review_status"] == "confirmed"


def test_a_real_run_skips_articles_changed_since_the_dry_run(
    client: FlaskClient, headers: dict[str, dict[str, str]], db_url: str
) -> None:
    first = ingest(client, headers["ingester"], db_url, ACCUSATION, "wire-acc")
    second = ingest(client, headers["ingester"], db_url, DENIAL, "wire-den")
    job = client.post(
        "/api/v1/reingest", json={"dry_run": True, "article_ids": [first, second]}, headers=headers["admin"]
    ).get_json()
    run_job(db_url, job["id"], send=lambda _i: None)
    revised = {"external_id": "wire-acc", "title": "Shelling", "body": ACCUSATION + " Witnesses said so too."}
    assert client.post("/api/v1/articles", json=revised, headers=headers["ingester"]).status_code == 202
    real = client.post(
        "/api/v1/reingest", json={"from_dry_run": job["id"]}, headers=headers["admin"]
    ).get_json()
    assert real["params"]["article_ids"] == [second]
    assert real["params"]["skipped"] == [{"article_id": first, "reason": "article is queued"}]


def test_a_dry_run_over_nothing_is_a_422_problem(
    client: FlaskClient, headers: dict[str, dict[str, str]]
) -> None:
    for body in ({"dry_run": True}, {"dry_run": True, "article_ids": [12345]}):
        response = client.post("/api/v1/reingest", json=body, headers=headers["admin"])
        assert response.status_code == 422
        assert response.mimetype == "application/problem+json"
        assert response.get_json()["detail"].startswith("Nothing to re-extract")


def test_applying_what_is_not_a_finished_dry_run_is_refused(
    client: FlaskClient, headers: dict[str, dict[str, str]], db_url: str
) -> None:
    article_id = ingest(client, headers["ingester"], db_url, ACCUSATION, "wire-acc")
    plain = client.post("/api/v1/reingest", json={}, headers=headers["admin"]).get_json()
    response = client.post("/api/v1/reingest", json={"from_dry_run": plain["id"]}, headers=headers["admin"])
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert client.get(f"/api/v1/jobs/{plain['id']}/report").status_code == 404
    pending = client.post(
        "/api/v1/reingest", json={"dry_run": True, "article_ids": [article_id]}, headers=headers["admin"]
    ).get_json()
    response = client.post("/api/v1/reingest", json={"from_dry_run": pending["id"]}, headers=headers["admin"])
    assert response.status_code == 409 and "has not finished" in response.get_json()["detail"]
    both = {"from_dry_run": pending["id"], "dry_run": True}
    assert client.post("/api/v1/reingest", json=both, headers=headers["admin"]).status_code == 422
