"""Topic rows updated from claim vectors: new topics, a claim folded in, two topics merged.

The arithmetic (centroids, keywords, labels, index terms) is the pure code of
``workers.linking.topics``; this module applies it to ``Topic`` rows and writes them through
``service.repo.topics``. Nothing here commits.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import Session

from service.models import Topic, utcnow
from service.repo.topic_index import move_topic, write_index, write_indexes
from service.repo.topics import save_topic
from workers.linking.text import stem
from workers.linking.topics import INDEX_TERMS, ClaimVector, keywords_and_label, normalise, update_centroid


def topic_kinds(topic: Topic) -> tuple[dict[str, str], dict[str, str]]:
    """Surface forms and word kinds of a topic's terms, recovered from its keywords."""
    surface: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for keyword in topic.keywords:
        term = stem(keyword)
        surface[term] = keyword
        kinds[term] = "entity" if keyword[:1].isupper() else "word"
    return surface, kinds


def index_terms(topic: Topic) -> dict[str, float]:
    """The topic's top ``INDEX_TERMS`` centroid terms: what the inverted index lists it under."""
    return dict(sorted(topic.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS])


def reindex(session: Session, *, topic: Topic) -> None:
    """Bring a topic's index entries up to date with its centroid."""
    write_index(session, topic_id=int(topic.id or 0), terms=index_terms(topic))


def reindex_all(session: Session, *, topics: list[Topic], dropped: list[int]) -> None:
    """Bring several topics' index entries up to date with their centroids and drop those of
    the ``dropped`` topic ids, in two statements."""
    terms: dict[int, dict[str, float]] = {topic_id: {} for topic_id in dropped}
    terms.update({int(t.id or 0): index_terms(t) for t in topics})
    write_indexes(session, terms=terms)


def _activity(day: date | None) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC) if day else utcnow()


def create_topic(
    session: Session,
    *,
    vector: ClaimVector,
    day: date | None,
    index: bool = True,
    topic_id: int | None = None,
) -> Topic:
    """A new topic seeded by one claim (index written unless deferred). Given ``topic_id`` (see
    ``service.repo.topic_index.reserve_topic_ids``) the row waits for the next flush; without
    one it is flushed at once, so it has its id."""
    keywords, label = keywords_and_label(vector.weights, vector.surface, vector.kinds)
    topic = save_topic(
        session,
        topic=Topic(
            id=topic_id,
            label=label,
            keywords=keywords,
            centroid=dict(vector.weights),
            claim_count=1,
            last_activity_at=_activity(day),
        ),
    )
    if index:
        reindex(session, topic=topic)
    return topic


def add_to_topic(
    session: Session, *, topic: Topic, vector: ClaimVector, day: date | None, index: bool = True
) -> None:
    """Fold one claim into a topic: centroid, keywords, label, count, activity and index."""
    surface, kinds = topic_kinds(topic)
    surface.update({t: s for t, s in vector.surface.items() if t not in surface})
    kinds.update({t: k for t, k in vector.kinds.items() if t not in kinds or k == "event"})
    topic.centroid = update_centroid(topic.centroid, topic.claim_count, vector.weights)
    topic.keywords, topic.label = keywords_and_label(topic.centroid, surface, kinds)
    topic.claim_count += 1
    activity = _activity(day)
    if day is None or activity > topic.last_activity_at:
        topic.last_activity_at = activity
    save_topic(session, topic=topic)
    if index:
        reindex(session, topic=topic)


def merge_topics(session: Session, *, keep: Topic, gone: Topic, write: bool = True) -> None:
    """Merge ``gone`` into ``keep``: claims and conflicts move, ``gone.merged_into_id`` records it.

    Both ids stay valid; readers follow ``merged_into_id`` to the surviving topic. With
    ``write=False`` the rows are only changed in the session: the caller moves the claims and
    conflicts (``service.repo.topic_index.move_topics``) and reindexes ``keep`` later.
    """
    total = keep.claim_count + gone.claim_count
    merged = {t: w * keep.claim_count for t, w in keep.centroid.items()}
    for term, weight in gone.centroid.items():
        merged[term] = merged.get(term, 0.0) + weight * gone.claim_count
    keep.centroid = normalise(merged, len(keep.centroid) + len(gone.centroid))
    surface, kinds = topic_kinds(keep)
    other_surface, other_kinds = topic_kinds(gone)
    keep.keywords, keep.label = keywords_and_label(
        keep.centroid, {**other_surface, **surface}, {**other_kinds, **kinds}
    )
    keep.claim_count = total
    keep.last_activity_at = max(keep.last_activity_at, gone.last_activity_at)
    gone.merged_into_id = keep.id
    gone.claim_count = 0
    save_topic(session, topic=keep)
    save_topic(session, topic=gone)
    if write:
        move_topic(session, gone_id=int(gone.id or 0), keep_id=int(keep.id or 0))
        reindex(session, topic=keep)
