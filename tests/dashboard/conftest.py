"""Fixtures for the dashboard tests: the app on a migrated temporary SQLite database, tokens
for every role, a small world of articles, claims, a topic and a conflict, and signed-in
clients."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import StrictUndefined
from sqlmodel import Session

from service.app import create_app
from service.db import get_engine
from service.models import Article, Claim, Conflict, ConflictClaim, Source, SourceAlias, Topic
from service.repo.tokens import create_token
from service.vocabulary import ROLES

BODY = (
    "BAKU (Reuters) – Azerbaijan's defence ministry said Armenian forces shelled Ordubad on Tuesday. "
    "Armenia denied such an attack.\n\n"
    "A resident wrote <script>alert('x')</script> & fled, officials said."
)


def build_app(db_url: str, **config: object) -> Flask:
    """The real app, as ``create_app`` builds it (dashboard included)."""
    app = create_app({"DATABASE_URL": db_url, "BROKER_URL": None, "TESTING": True, **config})
    app.jinja_env.undefined = StrictUndefined  # a misspelt name in a template fails the test
    return app


@pytest.fixture(autouse=True)
def _push_request_context() -> None:
    """Replace pytest-flask's test-wide request context: with it pushed, every test-client
    request shares one app context and ``g`` (so CSRF tokens and sessions leak between
    requests), which never happens in a served app."""


@pytest.fixture
def app(db_url: str) -> Flask:
    return build_app(db_url)


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    with Session(get_engine(db_url), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def tokens(session: Session) -> dict[str, str]:
    """A live token for every role, keyed by role."""
    return {role: create_token(session, name=f"{role}-user", role=role) for role in ROLES}


def span(body: str, text: str, start_at: int = 0) -> list[int]:
    """The [start, end] of ``text`` in ``body``."""
    start = body.index(text, start_at)
    return [start, start + len(text)]


@dataclass
class World:
    """The rows the page tests look at."""

    article: Article
    topic: Topic
    accusation: Claim
    denial: Claim
    officials: Claim
    conflict: Conflict
    azerbaijan: Source
    armenia: Source


@pytest.fixture
def world(session: Session) -> World:
    """An article with three claims, a topic and one denial conflict between two of them."""
    article = Article(
        title="Ordubad <b>attack</b> denied",
        body=BODY,
        url="https://example.com/ordubad",
        publisher="Reuters",
        published_at=date(2020, 10, 27),
        content_hash="hash-1",
        status="done",
    )
    azerbaijan = Source(name="Azerbaijan Ministry of Defence", kind="government", affiliation="Azerbaijan")
    armenia = Source(name="Armenia", kind="country", affiliation="Armenia")
    topic = Topic(label="missile attack on Ordubad", keywords=["Ordubad", "attack"], claim_count=3)
    session.add_all([article, azerbaijan, armenia, topic])
    session.flush()
    session.add_all(
        [
            SourceAlias(source_id=azerbaijan.id, alias="azerbaijan's defence ministry"),
            SourceAlias(source_id=azerbaijan.id, alias="baku"),
        ]
    )

    def claim(
        source: Source | None, sentence: str, parts: tuple[str, str, str], stance: str, n: int
    ) -> Claim:
        mention, cue, content = parts
        start = BODY.index(sentence)
        end = start + len(sentence)
        row = Claim(
            article_id=article.id,
            source_id=source.id if source else None,
            topic_id=topic.id,
            ordinal=n,
            text=sentence,
            content=content,
            source_mention=mention,
            cue=cue,
            cue_lemma=cue,
            spans={
                "source": [span(BODY, mention, start)],
                "cue": [span(BODY, cue, start)],
                "content": [span(BODY, content, start)],
                "sentence": [start, end],
            },
            stance=stance,
            said_on=date(2020, 10, 27),
            extractor_version="test-1",
        )
        session.add(row)
        return row

    accusation = claim(
        azerbaijan,
        "Azerbaijan's defence ministry said Armenian forces shelled Ordubad on Tuesday.",
        ("Azerbaijan's defence ministry", "said", "Armenian forces shelled Ordubad on Tuesday"),
        "accusation",
        0,
    )
    denial = claim(
        armenia, "Armenia denied such an attack.", ("Armenia", "denied", "such an attack"), "denial", 1
    )
    officials = claim(
        None,
        "A resident wrote <script>alert('x')</script> & fled, officials said.",
        ("officials", "said", "A resident wrote <script>alert('x')</script> & fled"),
        "assertion",
        2,
    )
    session.flush()
    conflict = Conflict(
        topic_id=topic.id,
        kind="denial",
        explanation="Armenia denies what Azerbaijan Ministry of Defence asserts",
        confidence=0.9,
        key=f"{accusation.id},{denial.id}:denial",
        created_at=datetime(2020, 10, 27, 12, 0, tzinfo=UTC),
    )
    session.add(conflict)
    session.flush()
    session.add_all(
        [
            ConflictClaim(conflict_id=conflict.id, claim_id=accusation.id, side=0),
            ConflictClaim(conflict_id=conflict.id, claim_id=denial.id, side=1),
        ]
    )
    session.commit()
    return World(article, topic, accusation, denial, officials, conflict, azerbaijan, armenia)


def csrf_from(html: str, name: str = "csrf_token") -> str:
    """The CSRF token of the first form field called (or ending in) ``name``."""
    match = re.search(rf'name="[^"]*{re.escape(name)}"[^>]*value="([^"]+)"', html) or re.search(
        rf'value="([^"]+)"[^>]*name="[^"]*{re.escape(name)}"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in(client: FlaskClient, token: str) -> None:
    """Sign ``client`` in through the form, as a browser would."""
    page = client.get("/signin").get_data(as_text=True)
    response = client.post("/signin", data={"token": token, "csrf_token": csrf_from(page)})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def reviewer_client(app: Flask, tokens: dict[str, str]) -> FlaskClient:
    client = app.test_client()
    sign_in(client, tokens["reviewer"])
    return client


@pytest.fixture
def reader_client(app: Flask, tokens: dict[str, str]) -> FlaskClient:
    client = app.test_client()
    sign_in(client, tokens["reader"])
    return client
