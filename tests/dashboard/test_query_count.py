"""The board costs a constant number of SQL statements, whether 10 or 10,000 topics exist."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import event, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from service.db import get_engine
from service.models import Article, Claim, Conflict, ConflictClaim, Source, Topic


def populate(session: Session, topics: int) -> None:
    """``topics`` topics, each with one denial conflict between two claims, inserted in bulk."""
    now = datetime(2020, 11, 1, tzinfo=UTC)
    session.execute(
        insert(Source),
        [
            {"id": 1, "name": "Armenia", "kind": "country", "affiliation": "Armenia", "created_at": now},
            {
                "id": 2,
                "name": "Azerbaijan",
                "kind": "country",
                "affiliation": "Azerbaijan",
                "created_at": now,
            },
        ],
    )
    session.execute(
        insert(Article),
        [
            {
                "id": 1,
                "title": "t",
                "body": "Armenia said x. Azerbaijan denied it.",
                "content_hash": "h",
                "status": "done",
                "attempts": 1,
                "created_at": now,
                "status_changed_at": now,
            }
        ],
    )
    session.execute(
        insert(Topic),
        [
            {
                "id": n,
                "label": f"topic {n}",
                "keywords": ["k"],
                "centroid": {},
                "claim_count": 2,
                "created_at": now,
                "last_activity_at": now + timedelta(minutes=n),
            }
            for n in range(1, topics + 1)
        ],
    )
    claim = {
        "article_id": 1,
        "ordinal": 0,
        "text": "Armenia said x.",
        "content": "x",
        "cue": "said",
        "cue_lemma": "say",
        "spans": {"source": [[0, 7]], "cue": [[8, 12]], "content": [[13, 14]]},
        "stance": "assertion",
        "quote_type": "indirect",
        "said_on": date(2020, 11, 1),
        "quantities": [],
        "verification": {},
        "confidence": 0.9,
        "review_status": "unreviewed",
        "extractor_version": "test",
        "created_at": now,
    }
    session.execute(
        insert(Claim),
        [
            {**claim, "id": 2 * n - 1 + side, "topic_id": n, "source_id": 1 + side}
            for n in range(1, topics + 1)
            for side in (0, 1)
        ],
    )
    session.execute(
        insert(Conflict),
        [
            {
                "id": n,
                "topic_id": n,
                "kind": "denial",
                "explanation": "Azerbaijan denies what Armenia asserts",
                "confidence": 0.8,
                "key": f"k{n}",
                "status": "open",
                "created_at": now,
            }
            for n in range(1, topics + 1)
        ],
    )
    session.execute(
        insert(ConflictClaim),
        [
            {"conflict_id": n, "claim_id": 2 * n - 1 + side, "side": side}
            for n in range(1, topics + 1)
            for side in (0, 1)
        ],
    )
    session.commit()


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """Record every statement the engine executes while the block runs."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("PRAGMA"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def board_statements(client: FlaskClient, db_url: str, url: str) -> tuple[int, str]:
    client.get(url)  # warm up: first-use statements (e.g. connection setup) are not the board's
    with counting(get_engine(db_url)) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


def test_board_query_count_does_not_grow_with_topics(tmp_path: Any, migrated_template: Any) -> None:
    import shutil

    from tests.dashboard.conftest import build_app

    counts: dict[int, tuple[int, int]] = {}
    for topics in (10, 10_000):
        path = tmp_path / f"db-{topics}.sqlite3"
        shutil.copy(migrated_template, path)
        url = f"sqlite:///{path}"
        with Session(get_engine(url)) as session:
            populate(session, topics)
        client = build_app(url).test_client()
        n, page = board_statements(client, url, "/")
        assert page.count('class="topic-card"') == min(topics, 20)  # one page of topics
        assert f"topic {topics}<" in page  # newest activity first
        assert f"{topics} topics with open conflicts" in page
        filtered, _ = board_statements(
            client, url, "/?kind=denial&affiliation=Armenia&from=2020-10-01&to=2020-11-30"
        )
        counts[topics] = (n, filtered)
    # A page that shows every topic needs no count: the small board may take one statement less.
    assert counts[10_000][0] - 1 <= counts[10][0] <= counts[10_000][0] <= 12
    assert counts[10][1] == counts[10_000][1]


def add_claims(session: Session, world: Any, n: int) -> None:
    """``n`` more claims in the world's article and topic, each in a conflict with its accusation."""
    base = world.accusation.model_dump(exclude={"id", "ordinal"})
    start = 1000
    session.execute(insert(Claim), [{**base, "id": start + i, "ordinal": 10 + i} for i in range(n)])
    session.execute(
        insert(Conflict),
        [
            {
                "id": start + i,
                "topic_id": world.topic.id,
                "kind": "denial",
                "explanation": "e",
                "confidence": 0.5,
                "key": f"extra{i}",
                "status": "open",
                "created_at": datetime(2020, 11, 1, tzinfo=UTC),
            }
            for i in range(n)
        ],
    )
    session.execute(
        insert(ConflictClaim),
        [
            row
            for i in range(n)
            for row in (
                {"conflict_id": start + i, "claim_id": world.accusation.id, "side": 0},
                {"conflict_id": start + i, "claim_id": start + i, "side": 1},
            )
        ],
    )
    session.commit()


def test_detail_pages_query_count_does_not_grow_with_claims(
    client: FlaskClient, world: Any, session: Session, db_url: str
) -> None:
    urls = [
        f"/topics/{world.topic.id}",
        f"/articles/{world.article.id}",
        f"/claims/{world.accusation.id}",
        "/sources/",
    ]
    before = [board_statements(client, db_url, url)[0] for url in urls]
    add_claims(session, world, 150)
    after = [board_statements(client, db_url, url)[0] for url in urls]
    assert before == after
    page = client.get(f"/claims/{world.accusation.id}").get_data(as_text=True)
    assert page.count('class="conflict ') == 151
