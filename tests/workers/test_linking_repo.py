"""The linking step against a database: sources, topics and conflicts written, idempotent, undoable."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from service.db import get_engine
from service.models import Article, Claim, Conflict, ConflictClaim, Source, SourceAlias, Topic, TopicTerm
from service.repo.conflicts import conflicts_for_claim, list_conflicts_by_topic
from service.repo.sources import list_sources
from service.repo.topics import get_topic_with_claims, list_topics
from tests.unit.linking.helpers import claim
from workers.linking.step import link_article, unlink_article
from workers.linking.topic_cache import TopicCache
from workers.linking.topic_updates import create_topic, merge_topics
from workers.linking.topics import vectorise


def _article(session: Session, key: str, day: date, sentences: list[tuple[str, str, str, str]]) -> Article:
    """An article whose body is the sentences, with one claim per (mention, cue, stance, content)."""
    body = ""
    spans = []
    for mention, cue, stance, content in sentences:
        sentence = f"{mention} {cue} {content}. "
        spans.append(
            (len(body), len(body) + len(sentence) - 1, mention, cue, stance, content, sentence.strip())
        )
        body += sentence
    article = Article(
        external_id=key, title=key, body=body, published_at=day, publisher="Reuters", content_hash=key
    )
    session.add(article)
    session.flush()
    for i, (start, end, mention, cue, stance, content, sentence) in enumerate(spans):
        session.add(
            Claim(
                article_id=int(article.id or 0),
                ordinal=i,
                text=sentence,
                content=content,
                source_mention=mention,
                source_resolved=mention,
                cue=cue,
                cue_lemma=cue,
                stance=stance,
                said_on=day,
                spans={"sentence": [start, end]},
                extractor_version="test",
            )
        )
    session.flush()
    return article


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(
        len(session.exec(select(m)).all())
        for m in (Source, SourceAlias, Topic, TopicTerm, Conflict, ConflictClaim)
    )


def test_link_article_writes_sources_topics_and_conflicts(session: Session) -> None:
    a = _article(
        session,
        "a1",
        date(2021, 6, 1),
        [
            ("Moscow", "accuse", "accusation", "Kyiv of a drone strike on a fuel depot in Belgorod"),
            ("Ukraine", "deny", "denial", "such an attack"),
            ("the Kremlin", "say", "assertion", "talks on grain exports would resume in Istanbul"),
        ],
    )
    result = link_article(session, article_id=int(a.id or 0))
    assert result.claims == 3 and len(result.conflicts) == 1
    claims = session.exec(select(Claim).order_by(col(Claim.ordinal))).all()
    assert all(c.source_id is not None and c.topic_id is not None for c in claims)
    assert claims[0].topic_id == claims[1].topic_id != claims[2].topic_id
    assert claims[0].source_id == claims[2].source_id  # Moscow and the Kremlin: one source
    found = list_conflicts_by_topic(session)
    groups, total = found.groups, found.total.value
    assert total == 1 and groups[0].topic.id == claims[0].topic_id
    conflict = groups[0].conflicts[0]
    assert conflict.kind == "denial"
    assert [(c.claim.id, c.side) for c in conflict.claims] == [(claims[0].id, 0), (claims[1].id, 1)]
    assert conflict.claims[1].source.name == "Ukraine"


def test_linking_twice_leaves_the_same_rows(session: Session) -> None:
    a = _article(
        session,
        "a1",
        date(2021, 6, 1),
        [
            ("Moscow", "accuse", "accusation", "Kyiv of a drone strike on a fuel depot in Belgorod"),
            ("Ukraine", "deny", "denial", "such an attack"),
        ],
    )
    link_article(session, article_id=int(a.id or 0))
    before = _counts(session)
    topics = [c.topic_id for c in session.exec(select(Claim)).all()]
    link_article(session, article_id=int(a.id or 0))
    assert _counts(session) == before
    assert [c.topic_id for c in session.exec(select(Claim)).all()] == topics


def test_second_article_joins_the_topic_and_conflicts_across_articles(session: Session) -> None:
    a = _article(
        session,
        "a1",
        date(2021, 6, 1),
        [
            ("Israel", "accuse", "accusation", "Iran of supplying attack drones to militias in Syria"),
        ],
    )
    b = _article(
        session,
        "a2",
        date(2021, 6, 2),
        [
            ("Iran's foreign ministry", "deny", "denial", "supplying attack drones to militias in Syria"),
        ],
    )
    link_article(session, article_id=int(a.id or 0))
    result = link_article(session, article_id=int(b.id or 0))
    assert result.topics_joined and len(result.conflicts) == 1
    claims = session.exec(select(Claim)).all()
    assert claims[0].topic_id == claims[1].topic_id
    assert conflicts_for_claim(session, claim_id=int(claims[0].id or 0))[0].kind == "denial"
    topic = get_topic_with_claims(session, topic_id=int(claims[0].topic_id or 0))
    assert topic is not None and topic.claim_count == 2
    assert sorted(g.source.name for g in topic.sources if g.source is not None) == [
        "Iran Ministry of Foreign Affairs",
        "Israel",
    ]
    items, total = list_topics(session, conflicting=True)
    assert total.value == 1 and items[0]["conflict_count"] == 1


def test_unlink_removes_conflicts_so_claims_can_be_replaced(session: Session) -> None:
    a = _article(
        session,
        "a1",
        date(2021, 6, 1),
        [
            ("Moscow", "accuse", "accusation", "Kyiv of a drone strike on a fuel depot in Belgorod"),
            ("Ukraine", "deny", "denial", "such an attack"),
        ],
    )
    link_article(session, article_id=int(a.id or 0))
    assert unlink_article(session, article_id=int(a.id or 0)) == 1
    assert session.exec(select(Conflict)).all() == [] and session.exec(select(ConflictClaim)).all() == []
    assert unlink_article(session, article_id=int(a.id or 0)) == 0
    result = link_article(session, article_id=int(a.id or 0))
    assert len(result.conflicts) == 1


def test_list_sources_has_aliases_and_claim_counts(session: Session) -> None:
    a = _article(
        session,
        "a1",
        date(2021, 6, 1),
        [
            ("Moscow", "say", "assertion", "grain talks would resume in Istanbul"),
            ("the Kremlin", "say", "assertion", "a summit was not planned"),
            ("Turkey's foreign ministry", "say", "assertion", "grain talks would resume in Istanbul"),
        ],
    )
    link_article(session, article_id=int(a.id or 0))
    items, total = list_sources(session)
    assert total == 2
    russia = items[0]
    assert (russia["name"], russia["claim_count"], russia["kind"]) == ("Russia", 2, "government")
    assert {"moscow", "kremlin", "russia"} <= set(russia["aliases"])
    found, _ = list_sources(session, q="kreml")
    assert [s["name"] for s in found] == ["Russia"]


def test_merged_topic_keeps_its_id_and_points_to_the_survivor(session: Session) -> None:
    from workers.linking.topic_updates import merge_topics

    a = _article(
        session,
        "a1",
        date(2021, 6, 1),
        [
            ("Moscow", "accuse", "accusation", "Kyiv of a drone strike on a fuel depot in Belgorod"),
        ],
    )
    b = _article(
        session,
        "a2",
        date(2021, 6, 1),
        [
            ("Turkey", "say", "assertion", "grain talks would resume in Istanbul next week"),
        ],
    )
    link_article(session, article_id=int(a.id or 0))
    link_article(session, article_id=int(b.id or 0))
    first, second = session.exec(select(Claim).order_by(col(Claim.id))).all()
    keep, gone = session.get(Topic, first.topic_id), session.get(Topic, second.topic_id)
    assert keep is not None and gone is not None and keep.id != gone.id
    merge_topics(session, keep=keep, gone=gone)
    session.refresh(second)
    assert gone.merged_into_id == keep.id and second.topic_id == keep.id and keep.claim_count == 2
    detail = get_topic_with_claims(session, topic_id=int(gone.id or 0))
    assert detail is not None and detail.id == keep.id and detail.merged_from == [gone.id]
    assert session.exec(select(TopicTerm).where(TopicTerm.topic_id == gone.id)).all() == []
    items, _ = list_topics(session)
    assert [t["id"] for t in items] == [keep.id]


def test_a_new_topic_merged_into_a_newer_one_is_written(sqlite_url: str) -> None:
    """An article may start two topics and then merge the first into the second: the second
    row must be written before the first one points at it (the migrated database checks
    foreign keys)."""
    session = Session(get_engine(sqlite_url))
    cache = TopicCache(session)
    cache.prefetch([], near=set(), new_topics=2)
    first, second = (
        create_topic(session, vector=vectorise(claim(who, "say", what)), day=date(2021, 6, 1),
                     index=False, topic_id=cache.new_id())
        for who, what in (("the port authority", "the harbour ferry will stop running in June"),
                          ("the ferry union", "the harbour ferry crews will strike in June"))
    )
    for topic in (first, second):
        cache.touch(topic)
    merge_topics(session, keep=second, gone=first, write=False)
    cache.merged(keep=second, gone=first)
    cache.write()
    session.commit()
    rows = {t.id: t.merged_into_id for t in session.exec(select(Topic)).all()}
    session.close()
    assert rows == {first.id: second.id, second.id: None}
