"""Fixtures for the API tests: a migrated temporary SQLite database, the app, tokens, and a
recorder standing in for the processing queue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from sqlmodel import Session

from service.app import create_app
from service.db import get_engine
from service.repo.tokens import create_token
from service.vocabulary import ROLES


@pytest.fixture
def app_config() -> dict[str, object]:
    """Extra settings for ``create_app``; override in a test module to change them."""
    return {}


@pytest.fixture
def app(db_url: str, app_config: dict[str, object]) -> Flask:
    return create_app({"DATABASE_URL": db_url, "BROKER_URL": None, "TESTING": True, **app_config})


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with Session(get_engine(db_url), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def tokens(session: Session) -> dict[str, str]:
    """A live token for every role, keyed by role."""
    return {role: create_token(session, name=f"{role}-user", role=role) for role in ROLES}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def headers(tokens: dict[str, str]) -> dict[str, dict[str, str]]:
    """Authorization headers per role."""
    return {role: bearer(token) for role, token in tokens.items()}


@dataclass
class Enqueued:
    """What the API handed to processing."""

    articles: list[int] = field(default_factory=list)
    jobs: list[int] = field(default_factory=list)
    webhooks: list[int] = field(default_factory=list)


@pytest.fixture(autouse=True)
def enqueued(monkeypatch: pytest.MonkeyPatch) -> Enqueued:
    """Record enqueueing instead of starting the in-process runner."""
    record = Enqueued()
    monkeypatch.setattr("service.api.articles.enqueue_article", lambda _s, i: record.articles.append(i))
    monkeypatch.setattr("service.api.articles.enqueue_job", lambda _s, i: record.jobs.append(i))
    monkeypatch.setattr("service.api.jobs.enqueue_job", lambda _s, i: record.jobs.append(i))
    monkeypatch.setattr("service.web.enqueue_webhooks", lambda _s, ids: record.webhooks.extend(ids))
    return record
