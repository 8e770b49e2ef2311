"""Bad input gets a clear 4xx problem document, never a 500, and nothing is stored."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from service.models import Article
from service.vocabulary import BODY_CHARS

PROBLEM = "application/problem+json"
GOOD = {"title": "A title", "body": "A body."}


def stored(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Article)).one())


def post(client, headers, **kwargs):
    return client.post("/api/v1/articles", headers=headers["ingester"], **kwargs)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.content_type == PROBLEM
    problem = response.get_json()
    assert problem["status"] == status
    assert {"type", "title", "status", "detail"} <= set(problem)
    return problem


def test_malformed_json_is_400(client, headers, session):
    problem = assert_problem(post(client, headers, data=b'{"title": ', content_type="application/json"), 400)
    assert "JSON" in problem["detail"]
    assert stored(session) == 0


def test_invalid_utf8_is_400(client, headers, session):
    data = b'{"title": "\xff\xfe", "body": "x"}'
    assert_problem(post(client, headers, data=data, content_type="application/json"), 400)
    assert stored(session) == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": 5, "body": "x"}, "title"),
        ({"title": "t", "body": ["x"]}, "body"),
        ({"title": "t", "body": "x", "published_at": 20201106}, "published_at"),
        ({"title": "t", "body": "x", "published_at": "6 November 2020"}, "published_at"),
        ({"title": "t", "body": "x", "published_at": "2020-13-45"}, "published_at"),
        ({"title": "t", "body": "x", "url": "not a url"}, "url"),
        ({"title": "t", "body": "x", "surprise": True}, "surprise"),
        ({"title": "", "body": "x"}, "title"),
        ({"title": "   ", "body": "x"}, "title"),
        ({"title": "t", "body": ""}, "body"),
        ({"title": "t", "body": "\n\t "}, "body"),
        ({"title": "t"}, "body"),
        ({"title": "t", "body": "nul \x00 inside"}, "body"),
        ({"title": "t", "body": "x", "external_id": "e" * 256}, "external_id"),
    ],
)
def test_invalid_article_is_422_with_an_errors_map(client, headers, session, data, field):
    problem = assert_problem(post(client, headers, json=data), 422)
    assert field in problem["errors"]
    assert stored(session) == 0


def test_a_lone_surrogate_is_422_not_a_crash(client, headers, session):
    data = b'{"title": "t", "body": "broken \\ud800 text"}'
    problem = assert_problem(post(client, headers, data=data, content_type="application/json"), 422)
    assert "body" in problem["errors"]


def test_a_json_array_instead_of_an_object_is_422(client, headers):
    assert_problem(post(client, headers, json=[GOOD]), 422)


def test_body_longer_than_the_article_limit_is_422(client, headers, session):
    problem = assert_problem(
        post(client, headers, json={"title": "t", "body": "x" * (BODY_CHARS + 1)}), 422
    )
    assert "body" in problem["errors"]
    assert stored(session) == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type_on_a_write_is_415(client, headers, session, content_type):
    kwargs = {"data": '{"title": "t", "body": "b"}'}
    if content_type:
        kwargs["content_type"] = content_type
    assert_problem(post(client, headers, **kwargs), 415)
    assert stored(session) == 0


def test_empty_body_is_a_4xx(client, headers):
    response = post(client, headers, data=b"", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.content_type == PROBLEM


def test_unknown_path_is_404_problem(client):
    problem = assert_problem(client.get("/api/v1/no-such-thing"), 404)
    assert problem["title"] == "Not Found"


def test_wrong_method_is_405_problem_with_allow(client):
    response = client.delete("/api/v1/articles")
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_huge_ids_are_404_not_overflow(client):
    assert_problem(client.get(f"/api/v1/claims/{2**70}"), 404)
    assert_problem(client.get(f"/api/v1/articles/{2**40}"), 404)


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page_size=1000",
        "page=abc",
        "article_id=-1",
        "min_confidence=2",
        "date_from=yesterday",
        "stance=shouting",
        "q=%00",
    ],
)
def test_bad_query_parameters_are_422(client, query):
    problem = assert_problem(client.get(f"/api/v1/claims?{query}"), 422)
    assert problem["errors"]


class TestSmallRequestLimit:
    @pytest.fixture
    def app_config(self):
        return {"MAX_CONTENT_LENGTH": 1024}

    def test_request_over_max_content_length_is_413(self, client, headers, session):
        problem = assert_problem(post(client, headers, json={"title": "t", "body": "x" * 2048}), 413)
        assert problem["title"] in {"Request Entity Too Large", "Content Too Large"}
        assert stored(session) == 0

    def test_batch_over_max_content_length_is_413(self, client, headers, session):
        data = "\n".join(['{"title": "t", "body": "%s"}' % ("x" * 100)] * 20)
        response = client.post(
            "/api/v1/articles/batch",
            data=data,
            content_type="application/x-ndjson",
            headers=headers["ingester"],
        )
        assert_problem(response, 413)
        assert stored(session) == 0


def test_unexpected_errors_are_a_generic_500(app, client, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr("service.api.claims.list_claims", explode)
    response = client.get("/api/v1/claims")
    problem = assert_problem(response, 500)
    assert "hunter2" not in response.get_data(as_text=True)
    assert problem["detail"] == "An unexpected error occurred. It has been logged."


@pytest.mark.parametrize(
    "data",
    [
        b'{"title": ' + b"1" * 5000 + b', "body": "x"}',  # an integer too long to convert
        b"[" * 100_000 + b"]" * 100_000,  # nesting deeper than the parser goes
    ],
)
@pytest.mark.parametrize(
    "path", ["/api/v1/articles", "/api/v1/articles/batch", "/api/v1/reingest", "/api/v1/claims/1/reviews"]
)
def test_pathological_json_is_400_on_every_write(client, headers, session, data, path):
    response = client.post(path, data=data, content_type="application/json", headers=headers["admin"])
    problem = assert_problem(response, 400)
    assert problem["detail"] == "The body is not valid JSON."
    assert stored(session) == 0
