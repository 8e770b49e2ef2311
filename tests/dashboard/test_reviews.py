"""Signing in and recording verdicts: CSRF, roles, append-only history, and the API twin."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from service.models import Claim, Conflict, Review
from service.repo.tokens import revoke_token
from tests.dashboard.conftest import World, csrf_from, sign_in


def claim_form(client: FlaskClient, claim_id: int) -> str:
    return client.get(f"/claims/{claim_id}").get_data(as_text=True)


def test_signin_rejects_a_bad_token(client: FlaskClient, world: World) -> None:
    page = client.get("/signin").get_data(as_text=True)
    response = client.post("/signin", data={"token": "nope", "csrf_token": csrf_from(page)})
    assert response.status_code == 401
    assert "not valid" in response.get_data(as_text=True)


def test_signin_without_csrf_token_is_rejected(client: FlaskClient, tokens: dict[str, str]) -> None:
    response = client.post("/signin", data={"token": tokens["reviewer"]})
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)


def test_signin_only_redirects_within_the_site(client: FlaskClient, tokens: dict[str, str]) -> None:
    page = client.get("/signin?next=https://evil.example/").get_data(as_text=True)
    response = client.post(
        "/signin",
        data={"token": tokens["reviewer"], "csrf_token": csrf_from(page), "next": "//evil.example/"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_reviewer_records_a_verdict_and_sees_it_in_history_and_api(
    reviewer_client: FlaskClient, world: World, session: Session
) -> None:
    claim_id = world.denial.id
    page = claim_form(reviewer_client, claim_id)
    assert "Record verdict" in page
    response = reviewer_client.post(
        f"/claims/{claim_id}/reviews",
        data={
            "claim-verdict": "disputed",
            "claim-note": "Ministry <b>footage</b> contradicts it",
            "claim-csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/claims/{claim_id}#history")
    page = claim_form(reviewer_client, claim_id)
    assert "reviewer-user" in page
    assert "Ministry &lt;b&gt;footage&lt;/b&gt; contradicts it" in page
    assert "badge-verdict-disputed" in page
    api = reviewer_client.get(f"/api/v1/claims/{claim_id}/reviews").get_json()
    assert [(r["verdict"], r["reviewer"]) for r in api["items"]] == [("disputed", "reviewer-user")]
    session.expire_all()
    assert session.get(Claim, claim_id).review_status == "disputed"  # type: ignore[union-attr]


def test_history_is_append_only(reviewer_client: FlaskClient, world: World, session: Session) -> None:
    claim_id = world.accusation.id
    for verdict in ("confirmed", "misattributed"):
        page = claim_form(reviewer_client, claim_id)
        reviewer_client.post(
            f"/claims/{claim_id}/reviews",
            data={"claim-verdict": verdict, "claim-csrf_token": csrf_from(page)},
        )
    reviews = session.exec(select(Review).where(Review.claim_id == claim_id).order_by(Review.id)).all()
    assert [r.verdict for r in reviews] == ["confirmed", "misattributed"]
    session.expire_all()
    assert session.get(Claim, claim_id).review_status == "misattributed"  # type: ignore[union-attr]


def test_review_post_without_csrf_is_rejected(
    reviewer_client: FlaskClient, world: World, session: Session
) -> None:
    response = reviewer_client.post(f"/claims/{world.denial.id}/reviews", data={"claim-verdict": "false"})
    assert response.status_code == 400
    assert session.exec(select(Review)).all() == []


def test_unknown_verdict_is_refused(reviewer_client: FlaskClient, world: World) -> None:
    page = claim_form(reviewer_client, world.denial.id)
    response = reviewer_client.post(
        f"/claims/{world.denial.id}/reviews",
        data={"claim-verdict": "maybe", "claim-csrf_token": csrf_from(page)},
    )
    assert response.status_code == 422


def test_reader_sees_no_forms_and_is_forbidden(
    reader_client: FlaskClient, world: World, session: Session
) -> None:
    page = claim_form(reader_client, world.denial.id)
    assert "reader-user" in page
    assert "Record verdict" not in page
    topic = reader_client.get(f"/topics/{world.topic.id}").get_data(as_text=True)
    assert "Record decision" not in topic
    token = csrf_from(page)  # the sign-out form's token: valid for this session
    response = reader_client.post(
        f"/claims/{world.denial.id}/reviews", data={"claim-verdict": "false", "csrf_token": token}
    )
    assert response.status_code == 403
    response = reader_client.post(
        f"/conflicts/{world.conflict.id}/reviews",
        data={f"conflict-{world.conflict.id}-verdict": "resolved", "csrf_token": token},
    )
    assert response.status_code == 403
    assert session.exec(select(Review)).all() == []


def test_anonymous_post_is_forbidden(client: FlaskClient, world: World) -> None:
    page = client.get("/signin").get_data(as_text=True)
    response = client.post(
        f"/claims/{world.denial.id}/reviews", data={"claim-verdict": "false", "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 403


def test_reviewer_decides_on_a_conflict(reviewer_client: FlaskClient, world: World, session: Session) -> None:
    cid = world.conflict.id
    page = reviewer_client.get(f"/topics/{world.topic.id}").get_data(as_text=True)
    assert "Record decision" in page
    response = reviewer_client.post(
        f"/conflicts/{cid}/reviews",
        data={
            f"conflict-{cid}-verdict": "not_a_conflict",
            f"conflict-{cid}-note": "Different days",
            f"conflict-{cid}-next": f"/topics/{world.topic.id}",
            f"conflict-{cid}-csrf_token": csrf_from(page),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/topics/{world.topic.id}#conflict-{cid}"
    page = reviewer_client.get(f"/topics/{world.topic.id}").get_data(as_text=True)
    assert "Different days" in page and "badge-status-not_a_conflict" in page
    session.expire_all()
    assert session.get(Conflict, cid).status == "not_a_conflict"  # type: ignore[union-attr]
    assert "missile attack" not in reviewer_client.get("/?status=open").get_data(as_text=True)


def test_sign_out_and_revocation_end_the_session(
    app: Flask, reviewer_client: FlaskClient, world: World, session: Session, tokens: dict[str, str]
) -> None:
    page = claim_form(reviewer_client, world.denial.id)
    reviewer_client.post("/signout", data={"csrf_token": csrf_from(page)})
    assert "Record verdict" not in claim_form(reviewer_client, world.denial.id)
    sign_in(reviewer_client, tokens["reviewer"])
    assert "Record verdict" in claim_form(reviewer_client, world.denial.id)
    revoke_token(session, name="reviewer-user")
    assert "Record verdict" not in claim_form(reviewer_client, world.denial.id)


def test_api_conflict_reviews_need_a_reviewer_token_but_no_csrf(
    client: FlaskClient, world: World, tokens: dict[str, str]
) -> None:
    url = f"/api/v1/conflicts/{world.conflict.id}/reviews"
    body = {"verdict": "resolved", "note": "Confirmed by both ministries"}
    assert client.post(url, json=body).status_code == 401
    reader = client.post(url, json=body, headers={"Authorization": f"Bearer {tokens['reader']}"})
    assert reader.status_code == 403
    assert reader.mimetype == "application/problem+json"
    created = client.post(url, json=body, headers={"Authorization": f"Bearer {tokens['reviewer']}"})
    assert created.status_code == 201, created.get_data(as_text=True)
    assert created.get_json()["verdict"] == "resolved"
    assert created.get_json()["reviewer"] == "reviewer-user"
    bad = client.post(url, json={"verdict": "false"}, headers={"Authorization": f"Bearer {tokens['admin']}"})
    assert bad.status_code == 422
    history = client.get(url).get_json()
    assert history["total"] == 1
    assert [r["verdict"] for r in history["items"]] == ["resolved"]
    assert client.get("/api/v1/conflicts/999/reviews").status_code == 404


def test_api_claim_reviews_stay_free_of_csrf(
    client: FlaskClient, world: World, tokens: dict[str, str]
) -> None:
    response = client.post(
        f"/api/v1/claims/{world.denial.id}/reviews",
        json={"verdict": "confirmed"},
        headers={"Authorization": f"Bearer {tokens['reviewer']}"},
    )
    assert response.status_code == 201
    page = client.get(f"/claims/{world.denial.id}").get_data(as_text=True)
    assert "reviewer-user" in page and "badge-verdict-confirmed" in page
