"""Linking by meaning: claims worded differently meet through their sentence embeddings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from service.models import Article, Claim, Topic
from service.repo.conflicts import conflicts_for_claim
from workers.linking.semantic import unpack
from workers.linking.step import link_article


def _article(session: Session, key: str, day: date, claims: list[tuple[str, str, str, str, str]]) -> Article:
    """An article of one sentence per (mention, cue, stance, content, target) claim."""
    body = " ".join(f"{m} {cue} {content}." for m, cue, _, content, _ in claims)
    article = Article(external_id=key, title=key, body=body, published_at=day, publisher="The Gazette",
                      content_hash=key)
    session.add(article)
    session.flush()
    start = 0
    for i, (mention, cue, stance, content, target) in enumerate(claims):
        sentence = f"{mention} {cue} {content}."
        session.add(Claim(
            article_id=int(article.id or 0), ordinal=i, text=sentence, content=content,
            source_mention=mention, source_resolved=mention, target=target or None, cue=cue,
            cue_lemma=cue, stance=stance, said_on=day, spans={"sentence": [start, start + len(sentence)]},
            extractor_version="test",
        ))
        start += len(sentence) + 1
    session.flush()
    return article


def _claims(session: Session) -> list[Claim]:
    return list(session.exec(select(Claim).order_by(col(Claim.id))).all())


def test_a_denial_in_other_words_answers_the_accusation_of_another_article(session: Session) -> None:
    accusation = _article(session, "a1", date(2023, 5, 2), [
        ("Councillor Ben Ortiz", "accuse", "accusation",
         "Mayor Ana Ruiz of leaking the budget to reporters", "Mayor Ana Ruiz"),
    ])
    denial = _article(session, "a2", date(2023, 5, 3), [
        ("Mayor Ana Ruiz", "deny", "denial",
         "that she gave the draft spending plan to the press", "Ana Ruiz"),
    ])
    link_article(session, article_id=int(accusation.id or 0))
    result = link_article(session, article_id=int(denial.id or 0))
    first, second = _claims(session)
    assert len(result.conflicts) == 1
    [conflict] = conflicts_for_claim(session, claim_id=int(first.id or 0))
    assert conflict.kind == "denial"
    assert {c.claim.id for c in conflict.claims} == {first.id, second.id}


def test_unrelated_claims_in_other_words_stay_apart(session: Session) -> None:
    one = _article(session, "b1", date(2023, 5, 2), [
        ("Councillor Ben Ortiz", "accuse", "accusation",
         "Mayor Ana Ruiz of taking bribes from a building firm", "Mayor Ana Ruiz"),
    ])
    other = _article(session, "b2", date(2023, 5, 3), [
        ("Mayor Ana Ruiz", "deny", "denial", "that the festival parade would be cancelled this year",
         "Ana Ruiz"),
    ])
    link_article(session, article_id=int(one.id or 0))
    result = link_article(session, article_id=int(other.id or 0))
    first, second = _claims(session)
    assert result.conflicts == []
    assert first.topic_id != second.topic_id


def test_a_topic_keeps_the_mean_embedding_of_its_claims(session: Session) -> None:
    article = _article(session, "c1", date(2023, 5, 2), [
        ("Councillor Ben Ortiz", "say", "assertion",
         "the water report was hidden from residents for a year", ""),
        ("the health board", "say", "no_comment", "no comment", ""),
    ])
    link_article(session, article_id=int(article.id or 0))
    embedded, silent = _claims(session)
    assert unpack(embedded.embedding) is not None and silent.embedding is None
    topic = session.get(Topic, embedded.topic_id)
    assert topic is not None and topic.embedded_count == 1
    mean = unpack(topic.embedding)
    claim_vector = unpack(embedded.embedding)
    assert mean is not None and claim_vector is not None
    assert float(mean @ claim_vector) == pytest.approx(float(claim_vector @ claim_vector), rel=1e-3)
