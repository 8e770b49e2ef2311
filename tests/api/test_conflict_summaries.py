"""The conflict summaries the board reads (open conflicts per topic, conflict links per source)
stay equal to the rows they summarise through every write: new conflicts, reviews, topic
moves, takedowns; on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, SQLModel, col, func, select

from service.dashboard.board import BoardFilters, load_board
from service.db import get_engine
from service.models import Conflict, ConflictClaim, Source, Topic
from service.repo.conflicts import list_conflicts_by_topic
from service.repo.reviews import add_conflict_decision
from service.repo.takedown import delete_article
from tests.api.factories import make_article, make_claim, make_source, make_topic


@pytest.fixture(
    params=["sqlite", "sqlite from the models", pytest.param("postgresql", marks=pytest.mark.integration)]
)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite from the models":  # create_all brings the triggers too
        made = f"sqlite:///{tmp_path / 'models.sqlite3'}"
        SQLModel.metadata.create_all(get_engine(made))
        return made
    return str(request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url"))


def link_conflict(session: Session, topic: Topic, claims: list, key: str) -> Conflict:
    conflict = Conflict(topic_id=topic.id, kind="denial", explanation="one denies the other", key=key)
    session.add(conflict)
    session.flush()
    for side, claim in enumerate(claims):
        session.add(
            ConflictClaim(
                conflict_id=conflict.id, claim_id=claim.id, side=side, source_id=claim.source_id,
                said_on=claim.said_on,
            )
        )  # fmt: skip
    session.commit()
    return conflict


def summaries(session: Session) -> tuple[dict[int, int], dict[int, int]]:
    """The stored summaries (non-zero only), after checking them against the rows."""
    session.expire_all()
    stored_topics = {
        t.id: t.open_conflict_count for t in session.exec(select(Topic)).all() if t.open_conflict_count
    }
    stored_sources = {
        s.id: s.conflict_link_count for s in session.exec(select(Source)).all() if s.conflict_link_count
    }
    counted_topics = dict(
        session.exec(
            select(Conflict.topic_id, func.count())
            .where(Conflict.status == "open")
            .group_by(Conflict.topic_id)
        ).all()
    )
    counted_sources = dict(
        session.exec(
            select(ConflictClaim.source_id, func.count())
            .where(col(ConflictClaim.source_id).is_not(None))
            .group_by(ConflictClaim.source_id)
        ).all()
    )
    assert stored_topics == counted_topics
    assert stored_sources == counted_sources
    return stored_topics, stored_sources


def board_topics(session: Session, **filters: object) -> list[int | None]:
    return [g.topic.id for g in list_conflicts_by_topic(session, **filters).groups]  # type: ignore[arg-type]


def test_summaries_follow_conflicts_reviews_moves_and_takedowns(url: str) -> None:
    with Session(get_engine(url), expire_on_commit=False) as session:
        ministry = make_source(session, "Ministry of Defence", affiliation="Azerbaijan")
        rescue = make_source(session, "Rescue Service", affiliation="Nagorno-Karabakh")
        shelling, ceasefire, other = (
            make_topic(session),
            make_topic(session, "ceasefire"),
            make_topic(session, "x"),
        )
        article = make_article(session)
        kept = make_article(session, title="Another report", external_id="kept")
        denial = make_claim(session, article, source_id=ministry.id, topic_id=shelling.id)
        assertion = make_claim(session, kept, ordinal=1, source_id=rescue.id, topic_id=shelling.id)
        second = make_claim(session, kept, ordinal=2, source_id=ministry.id, topic_id=ceasefire.id)
        third = make_claim(session, kept, ordinal=3, source_id=rescue.id, topic_id=ceasefire.id)
        first = link_conflict(session, shelling, [assertion, denial], "a")
        link_conflict(session, ceasefire, [second, third], "b")
        topics, sources = summaries(session)
        assert topics == {shelling.id: 1, ceasefire.id: 1}
        assert sources == {ministry.id: 2, rescue.id: 2}
        assert set(board_topics(session)) == {shelling.id, ceasefire.id}

        # A decision closes the conflict: its topic leaves the open board, stays under its status.
        assert add_conflict_decision(
            session, conflict_id=int(first.id or 0), decision="resolved", note=None, reviewer="r"
        )
        topics, _ = summaries(session)
        assert topics == {ceasefire.id: 1}
        assert board_topics(session) == [ceasefire.id]
        assert board_topics(session, status="resolved") == [shelling.id]

        # A merge moves the conflicts to the surviving topic.
        session.exec(update(Conflict).where(col(Conflict.topic_id) == ceasefire.id).values(topic_id=other.id))
        session.commit()
        topics, _ = summaries(session)
        assert topics == {other.id: 1}

        # A takedown removes the article's conflicts, and with them the links' sources.
        assert delete_article(session, article_id=int(article.id or 0)) == []
        topics, sources = summaries(session)
        assert topics == {other.id: 1}
        assert sources == {ministry.id: 1, rescue.id: 1}
        board = load_board(session, filters=BoardFilters())
        assert [g.topic.id for g in board.groups] == [other.id]
        assert sorted(name for _id, name in board.sources) == ["Ministry of Defence", "Rescue Service"]
        assert delete_article(session, article_id=int(kept.id or 0)) == []
        assert summaries(session) == ({}, {})
        board = load_board(session, filters=BoardFilters())
        assert board.groups == [] and board.sources == [] and board.affiliations == []
