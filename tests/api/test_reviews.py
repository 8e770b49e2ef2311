"""Recording reviewer verdicts on claims: append-only history that moves the claim's status."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from service.models import Claim, Review
from tests.api.factories import make_article, make_claim


@pytest.fixture
def claim(session: Session) -> Claim:
    return make_claim(session, make_article(session))


def test_review_is_recorded_and_becomes_the_claim_status(client, headers, session, claim):
    response = client.post(
        f"/api/v1/claims/{claim.id}/reviews",
        json={"verdict": "misattributed", "note": "wrong ministry"},
        headers=headers["reviewer"],
    )
    assert response.status_code == 201
    review = response.get_json()
    assert review["verdict"] == "misattributed" and review["note"] == "wrong ministry"
    assert review["reviewer"] == "reviewer-user" and review["claim_id"] == claim.id
    session.expire_all()
    assert session.get(Claim, claim.id).review_status == "misattributed"


def test_history_is_append_only_and_listed_oldest_first(client, headers, claim):
    for verdict in ("disputed", "false", "confirmed"):
        response = client.post(
            f"/api/v1/claims/{claim.id}/reviews", json={"verdict": verdict}, headers=headers["admin"]
        )
        assert response.status_code == 201
    history = client.get(f"/api/v1/claims/{claim.id}/reviews").get_json()
    assert history["total"] == 3 and history["page"] == 1
    assert [r["verdict"] for r in history["items"]] == ["disputed", "false", "confirmed"]
    second_page = client.get(f"/api/v1/claims/{claim.id}/reviews?page=2&page_size=2").get_json()
    assert [r["verdict"] for r in second_page["items"]] == ["confirmed"]
    assert client.get(f"/api/v1/claims/{claim.id}").get_json()["review_status"] == "confirmed"


@pytest.mark.parametrize(
    "data", [{"verdict": "maybe"}, {}, {"verdict": "confirmed", "score": 3}, {"verdict": "false", "note": 7}]
)
def test_invalid_review_is_422_and_nothing_is_stored(client, headers, session, claim, data):
    response = client.post(f"/api/v1/claims/{claim.id}/reviews", json=data, headers=headers["reviewer"])
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert session.exec(select(Review)).all() == []


def test_reviewing_an_unknown_claim_is_404(client, headers):
    response = client.post(
        "/api/v1/claims/999/reviews", json={"verdict": "confirmed"}, headers=headers["reviewer"]
    )
    assert response.status_code == 404
    assert client.get("/api/v1/claims/999/reviews").status_code == 404
