"""Rows for tests that need claims without running the extractor."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from service.models import Article, Claim, Conflict, ConflictClaim, Source, SourceAlias, Topic
from service.repo.articles import content_hash
from service.repo.sources import add_claim_counts

BODY = (
    "Azerbaijan’s defense ministry said allegations that it had shelled civilian areas were "
    "“misinformation”. The rescue service said Stepanakert was shelled on Thursday."
)


def span(body: str, text: str) -> list[int]:
    start = body.index(text)
    return [start, start + len(text)]


def make_article(session: Session, **values: Any) -> Article:
    data: dict[str, Any] = {
        "title": "Fighting in Nagorno-Karabakh",
        "body": BODY,
        "published_at": date(2020, 11, 6),
        "status": "done",
        "extractor_version": "test-1",
    }
    data.update(values)
    article = Article(**data, content_hash=content_hash(title=data["title"], body=data["body"]))
    session.add(article)
    session.commit()
    session.refresh(article)
    return article


def make_source(
    session: Session,
    name: str,
    *,
    kind: str = "government",
    affiliation: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Source:
    source = Source(name=name, kind=kind, affiliation=affiliation)
    session.add(source)
    session.flush()
    for alias in aliases:
        session.add(SourceAlias(source_id=source.id, alias=alias.lower()))
    session.commit()
    session.refresh(source)
    return source


def make_claim(session: Session, article: Article, **values: Any) -> Claim:
    body = article.body
    source_text = values.pop("source_text", "Azerbaijan’s defense ministry")
    cue = values.pop("cue", "said")
    content = values.pop("content", "allegations that it had shelled civilian areas were “misinformation”")
    data: dict[str, Any] = {
        "article_id": article.id,
        "text": next((s for s in body.split(". ") if content in s), body),
        "content": content,
        "source_mention": source_text,
        "source_resolved": source_text,
        "cue": cue,
        "cue_lemma": "say",
        "spans": {
            "source": [span(body, source_text)],
            "cue": [span(body, cue)],
            "content": [span(body, content)],
            "sentence": [0, 10],
        },
        "stance": "denial",
        "quote_type": "mixed",
        "said_on": date(2020, 11, 6),
        "verification": {"publisher_unverified": False},
        "confidence": 0.8,
        "extractor_version": "test-1",
    }
    data.update(values)
    claim = Claim(**data)
    session.add(claim)
    if claim.source_id is not None:  # as linking counts a claim it gives a source
        add_claim_counts(session, deltas={claim.source_id: 1})
    session.commit()
    session.refresh(claim)
    return claim


def make_topic(session: Session, label: str = "shelling of Stepanakert", claim_count: int = 2) -> Topic:
    topic = Topic(label=label, keywords=["Stepanakert", "shelling"], claim_count=claim_count)
    session.add(topic)
    session.commit()
    session.refresh(topic)
    return topic


def make_conflict(session: Session, topic: Topic, claims: list[Claim], kind: str = "denial") -> Conflict:
    ids = sorted(c.id for c in claims if c.id is not None)
    conflict = Conflict(
        topic_id=topic.id,
        kind=kind,
        explanation="one denies what the other asserts",
        key=f"{kind}:{','.join(map(str, ids))}",
    )
    session.add(conflict)
    session.flush()
    for side, claim in enumerate(claims):
        session.add(ConflictClaim(conflict_id=conflict.id, claim_id=claim.id, side=side))
    session.commit()
    session.refresh(conflict)
    return conflict
