"""Planned dumps (``schemas.fastdump``) answer exactly what marshmallow's own dump answers."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from schemas.fastdump import plain_dumps
from service.repo.reviews import add_claim_review, add_conflict_decision
from tests.api.factories import make_article, make_claim, make_conflict, make_source, make_topic


def test_every_read_answers_as_marshmallow_does(client, session: Session) -> None:
    ministry = make_source(
        session, "Ministry of Defence", affiliation="Azerbaijan", aliases=("the ministry",)
    )
    topic = make_topic(session)
    article = make_article(session, external_id="e-1")
    denial = make_claim(session, article, source_id=ministry.id, topic_id=topic.id)
    assertion = make_claim(
        session,
        article,
        ordinal=1,
        source_text="The rescue service",
        content="Stepanakert was shelled on Thursday",
        stance="assertion",
        topic_id=topic.id,
        said_on=date(2020, 11, 5),
        quantities=[{"value": 3.0, "unit": "people"}],
    )
    conflict = make_conflict(session, topic, [assertion, denial])
    add_claim_review(session, claim_id=int(denial.id or 0), verdict="confirmed", note="seen", reviewer="r")
    add_conflict_decision(
        session, conflict_id=int(conflict.id or 0), decision="resolved", note=None, reviewer="r"
    )
    paths = [
        "/api/v1/claims",
        "/api/v1/claims?q=shelled&count=exact",
        f"/api/v1/claims/{denial.id}",
        f"/api/v1/claims/{denial.id}/reviews",
        "/api/v1/conflicts?status=any",
        f"/api/v1/conflicts/{conflict.id}",
        "/api/v1/topics",
        f"/api/v1/topics/{topic.id}",
        "/api/v1/sources",
        "/api/v1/articles",
        f"/api/v1/articles/{article.id}",
        "/api/v1/claims?page_size=1",
    ]
    for path in paths:
        fast = client.get(path)
        with plain_dumps():
            plain = client.get(path)
        assert fast.status_code == plain.status_code == 200, path
        assert fast.get_json() == plain.get_json(), path
        assert fast.get_data() == plain.get_data(), path


def test_the_read_schemas_are_planned() -> None:
    from schemas.claims import ClaimPageSchema
    from schemas.conflicts import ConflictDetailSchema, ConflictPageSchema
    from schemas.topics import TopicDetailSchema

    for schema in (ClaimPageSchema(), ConflictPageSchema(), ConflictDetailSchema(), TopicDetailSchema()):
        assert schema.planned_dump() is not None
