"""The OpenAPI document: served, complete, and true to the running API (fuzzed with schemathesis)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.api.factories import make_article, make_claim


@schemathesis.serializer("application/x-ndjson", "application/jsonl")
def _json_lines(_ctx: Any, value: Any) -> bytes:
    if isinstance(value, list):
        return "\n".join(json.dumps(item) for item in value).encode()
    return json.dumps(value).encode()


def test_document_is_served_with_security_and_problem_responses(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["info"]["title"] == "claimtrack" and doc["openapi"].startswith("3.")
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        **doc["components"]["securitySchemes"]["bearerAuth"],
        "type": "http",
        "scheme": "bearer",
    }
    post = doc["paths"]["/api/v1/articles"]["post"]
    assert post["security"] == [{"bearerAuth": []}]
    assert {"202", "200", "400", "401", "403", "413", "415", "422"} <= set(post["responses"])
    not_found = doc["components"]["responses"]["NOT_FOUND"]
    assert "application/problem+json" in not_found["content"]
    expected = {
        "/api/v1/articles",
        "/api/v1/articles/batch",
        "/api/v1/articles/{article_id}",
        "/api/v1/claims",
        "/api/v1/claims/{claim_id}",
        "/api/v1/claims/{claim_id}/reviews",
        "/api/v1/jobs/{job_id}",
        "/api/v1/reingest",
        "/healthz",
        "/readyz",
    }
    assert expected <= set(doc["paths"])


def test_interactive_docs_are_served(client):
    for path in ("/api/v1/docs", "/api/v1/redoc"):
        response = client.get(path)
        assert response.status_code == 200
        assert b"/api/v1/openapi.json" in response.data


OPERATIONS = [
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("POST", "/api/v1/articles"),
    ("GET", "/api/v1/articles"),
    ("GET", "/api/v1/articles/{article_id}"),
    ("GET", "/api/v1/articles/{article_id}/revisions"),
    ("GET", "/api/v1/articles/{article_id}/revisions/{revision}"),
    ("DELETE", "/api/v1/articles/{article_id}"),
    ("POST", "/api/v1/articles/batch"),
    ("GET", "/api/v1/claims"),
    ("GET", "/api/v1/claims/{claim_id}"),
    ("GET", "/api/v1/claims/{claim_id}/reviews"),
    ("POST", "/api/v1/claims/{claim_id}/reviews"),
    ("GET", "/api/v1/jobs/{job_id}"),
    ("GET", "/api/v1/jobs/{job_id}/report"),
    ("POST", "/api/v1/reingest"),
    ("GET", "/api/v1/topics"),
    ("GET", "/api/v1/topics/{topic_id}"),
    ("GET", "/api/v1/conflicts"),
    ("GET", "/api/v1/sources"),
    ("GET", "/api/v1/sources/{source_id}"),
    ("GET", "/api/v1/conflicts/{conflict_id}"),
    ("GET", "/api/v1/conflicts/{conflict_id}/reviews"),
    ("POST", "/api/v1/conflicts/{conflict_id}/reviews"),
    ("GET", "/api/v1/claims/{claim_id}/claimreview"),
    ("GET", "/api/v1/claimreviews"),
    ("GET", "/api/v1/webhooks"),
    ("POST", "/api/v1/webhooks"),
    ("GET", "/api/v1/webhooks/{subscription_id}"),
    ("DELETE", "/api/v1/webhooks/{subscription_id}"),
    ("GET", "/api/v1/webhooks/{subscription_id}/deliveries"),
]
# Refusals a schema cannot state: a webhook URL whose host does not resolve to a public
# address, a topic or source filter naming nothing.
POLICY_REFUSALS = {("POST", "/api/v1/webhooks")}


def test_every_documented_operation_is_fuzzed(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    documented = {
        (method.upper(), path)
        for path, item in doc["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_api_conforms_to_its_openapi_document(app, session, headers, method, path, mode):
    """Generated requests (as admin) get documented answers: no 5xx, documented status codes,
    content types and bodies that match their schemas; schema-valid data is accepted and
    schema-invalid data is refused with a 4xx."""
    if mode == schemathesis.GenerationMode.NEGATIVE and path in {"/healthz", "/readyz"}:
        pytest.skip("no input to make invalid")
    make_claim(session, make_article(session))
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: schemathesis.Case) -> None:
        response = case.call(headers=headers["admin"])
        # An over-long body is refused with 413 before it is read: a refusal too.
        excluded = [negative_data_rejection] if response.status_code == 413 else []
        # A cursor is opaque: the schema can say what it is made of, not which strings are
        # cursors a list handed out, so a made-up one is refused (422) however well-formed.
        if (case.query or {}).get("cursor") is not None and response.status_code == 422:
            excluded.append(positive_data_acceptance)
        if (method, path) in POLICY_REFUSALS and response.status_code == 422:
            excluded.append(positive_data_acceptance)
        # Every call carries the admin token: a case made invalid by leaving the token out
        # (an admin-only operation's one required header) is a valid request once it is added.
        if "Authorization" not in (case.headers or {}) and response.status_code < 400:
            excluded.append(negative_data_rejection)
        # Which articles a re-extraction covers depends on the stored data, not on the schema:
        # an empty selection, or a `from_dry_run` that names no dry run (or comes with a
        # selection of its own), is refused (422) however well-formed.
        refused = set((response.json() or {}).get("errors", {})) if response.status_code == 422 else set()
        if path == "/api/v1/reingest" and {"article_ids", "from_dry_run"} & refused:
            excluded.append(positive_data_acceptance)
        case.validate_response(response, excluded_checks=excluded, headers=headers["admin"])

    check()
