"""Bearer tokens and roles: who may write what, and reads behind a token when configured."""

from __future__ import annotations

import hashlib

import pytest
from sqlmodel import Session, select

from service.models import ApiToken
from service.repo.tokens import authenticate, create_token, revoke_token
from tests.api.conftest import bearer
from tests.api.factories import make_article, make_claim

ARTICLE = {"title": "A title", "body": "Someone said something."}


@pytest.fixture
def claim_id(session: Session) -> int:
    claim = make_claim(session, make_article(session))
    assert claim.id is not None
    return claim.id


def write(client, endpoint: str, claim_id: int, headers: dict[str, str] | None = None):
    headers = headers or {}
    if endpoint == "articles":
        return client.post("/api/v1/articles", json=ARTICLE, headers=headers)
    if endpoint == "batch":
        return client.post("/api/v1/articles/batch", json=[ARTICLE], headers=headers)
    if endpoint == "reviews":
        return client.post(
            f"/api/v1/claims/{claim_id}/reviews", json={"verdict": "confirmed"}, headers=headers
        )
    return client.post("/api/v1/reingest", json={}, headers=headers)


WRITES = ["articles", "batch", "reviews", "reingest"]
ALLOWED = {
    "articles": {"ingester", "admin"},
    "batch": {"ingester", "admin"},
    "reviews": {"reviewer", "admin"},
    "reingest": {"admin"},
}


@pytest.mark.parametrize("endpoint", WRITES)
def test_writes_without_a_token_are_401_with_www_authenticate(client, claim_id, endpoint):
    response = write(client, endpoint, claim_id)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("header", ["Bearer not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer ", "token"])
def test_writes_with_an_invalid_token_are_401(client, claim_id, endpoint, header):
    response = write(client, endpoint, claim_id, {"Authorization": header})
    assert response.status_code == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("role", ["reader", "reviewer", "ingester", "admin"])
def test_each_role_may_do_exactly_what_it_allows(client, headers, claim_id, endpoint, role):
    response = write(client, endpoint, claim_id, headers[role])
    if role in ALLOWED[endpoint]:
        assert response.status_code in (200, 201, 202), response.get_json()
    else:
        assert response.status_code == 403
        assert response.content_type == "application/problem+json"
        assert role in response.get_json()["detail"]


def test_auth_is_checked_before_the_body(client, headers):
    response = client.post(
        "/api/v1/articles", data="garbage", content_type="text/plain", headers=headers["reader"]
    )
    assert response.status_code == 403


def test_revoked_tokens_stop_working(client, session, tokens):
    assert revoke_token(session, name="ingester-user") == 1
    response = client.post("/api/v1/articles", json=ARTICLE, headers=bearer(tokens["ingester"]))
    assert response.status_code == 401


def test_tokens_are_stored_hashed_and_creating_again_rotates(session):
    first = create_token(session, name="newsroom", role="ingester")
    rows = session.exec(select(ApiToken).where(ApiToken.name == "newsroom")).all()
    assert len(rows) == 1
    assert rows[0].token_hash == hashlib.sha256(first.encode()).hexdigest()
    assert first not in rows[0].token_hash
    second = create_token(session, name="newsroom", role="ingester")
    assert authenticate(session, token=first) is None
    found = authenticate(session, token=second)
    assert found is not None and found.role == "ingester" and found.last_used_at is not None


def test_unknown_roles_are_refused(session):
    with pytest.raises(ValueError):
        create_token(session, name="x", role="superuser")


def test_reads_are_open_by_default(client, claim_id):
    assert client.get("/api/v1/claims").status_code == 200
    assert client.get(f"/api/v1/claims/{claim_id}").status_code == 200


class TestReadTokenRequired:
    @pytest.fixture
    def app_config(self):
        return {"READ_TOKEN_REQUIRED": True}

    def test_reads_need_a_token_of_any_role(self, client, headers, claim_id):
        for path in ("/api/v1/claims", f"/api/v1/claims/{claim_id}", f"/api/v1/claims/{claim_id}/reviews"):
            assert client.get(path).status_code == 401
            for role in ("reader", "reviewer", "ingester", "admin"):
                assert client.get(path, headers=headers[role]).status_code == 200

    def test_probes_and_the_openapi_document_stay_open(self, client):
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/v1/openapi.json").status_code == 200
