"""Request ids: every response names one, the client's own is kept, and it reaches the work
the request enqueued and the log lines written for it."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.config import Settings
from service.logs import bound_request_id, configure_logging, request_id


def test_a_response_names_a_fresh_request_id(client: FlaskClient) -> None:
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_the_clients_request_id_is_kept(client: FlaskClient) -> None:
    response = client.get("/api/v1/topics", headers={"X-Request-ID": "newsroom-42.a"})
    assert response.headers["X-Request-ID"] == "newsroom-42.a"


@pytest.mark.parametrize("given", ["has spaces", "x" * 129, "semi;colon", "<script>"])
def test_an_unusable_request_id_is_replaced(client: FlaskClient, given: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": given})
    assert response.headers["X-Request-ID"] != given
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_the_request_id_travels_with_the_enqueued_article(
    app: Flask, client: FlaskClient, headers: dict[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str | None] = []
    monkeypatch.setattr("service.api.articles.enqueue_article", lambda _s, _i: seen.append(request_id.get()))
    response = client.post(
        "/api/v1/articles",
        json={"title": "t", "body": "The minister said the talks had failed."},
        headers={**headers["ingester"], "X-Request-ID": "ingest-7"},
    )
    assert response.status_code == 202 and seen == ["ingest-7"]
    assert request_id.get() is None  # unbound once the request is over


def test_json_log_lines_carry_the_request_id(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    configure_logging(Settings.from_env(log_format="json"))
    try:
        with bound_request_id("req-1"):
            logging.getLogger("workers.pipeline").info("article %s done", 3)
    finally:
        configure_logging(Settings.from_env())
    line = json.loads(out.getvalue().strip().splitlines()[-1])
    assert line["message"] == "article 3 done"
    assert line["request_id"] == "req-1" and line["logger"] == "workers.pipeline" and line["level"] == "INFO"
