"""The process's nearest-topic index by embedding, kept in step with the database.

One :class:`~workers.linking.vector_index.VectorIndex` per database a process links into,
loaded on first use from the topics' stored mean embeddings and then refreshed before each
article with one query: the topics whose embedding changed since the last refresh (other
worker processes write them too). A look-up reads a few of the index's lists (all of them
while it holds fewer than ``EXACT_LIMIT`` topics), so its cost grows with the square root of
the number of embedded topics, and the memory linearly: 768 bytes stored and 1.5 KB in memory
each.

Changes are read back from :data:`REFRESH_MARGIN` before the previous refresh, so a topic
written by a transaction that committed a little late is still picked up; the rows inside
the margin are re-read, which is harmless (an update replaces a row). Merged topics leave
the index. Topics this process wrote are re-read at the next refresh as stored: if its
transaction rolled back, new ones leave the index and changed ones get their stored mean back.
"""

from __future__ import annotations

import threading
import weakref
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import Engine
from sqlmodel import Session

from service.repo.topics import topics_embedded_since
from workers.linking.embeddings import DIMENSIONS
from workers.linking.semantic import Vector, unpack
from workers.linking.vector_index import VectorIndex

REFRESH_MARGIN = timedelta(minutes=2)


class TopicVectors:
    """Topic id -> mean embedding, for the nearest topics of a claim."""

    def __init__(self) -> None:
        self.index = VectorIndex(DIMENSIONS)
        self.refreshed: datetime | None = None
        self.written: set[int] = set()  # by this process since the last refresh

    def refresh(self, session: Session) -> int:
        """Read the topics changed since the last refresh, and those this process wrote (its
        transaction may have rolled back: they are read as stored, or leave the index when
        they are not); returns how many rows were read."""
        since = self.refreshed - REFRESH_MARGIN if self.refreshed is not None else None
        self.refreshed = datetime.now(UTC)
        written, self.written = self.written, set()
        rows = topics_embedded_since(session, since=since, topic_ids=written)
        for gone in written - {r[0] for r in rows}:
            if gone in self.index:
                self.index.remove(gone)
        kept: dict[int, Vector] = {}
        for topic_id, data, merged_into in rows:
            vector = unpack(data)
            if merged_into is not None or vector is None or not vector.any():
                kept.pop(topic_id, None)
                if topic_id in self.index:
                    self.index.remove(topic_id)
            else:
                kept[topic_id] = vector
        if kept:  # at once: on first use, every embedded topic of the store
            self.index.update_many(list(kept), np.stack(list(kept.values())))
        return len(rows)

    def put(self, topic_id: int, vector: Vector) -> None:
        """A topic's new mean embedding, written by this process."""
        self.written.add(topic_id)
        if vector.any():
            self.index.update(topic_id, vector)

    def drop(self, topic_id: int) -> None:
        """A topic merged away."""
        self.written.add(topic_id)
        if topic_id in self.index:
            self.index.remove(topic_id)

    def nearest(self, vector: Vector, k: int) -> list[tuple[int, float]]:
        """The ``k`` topics closest to ``vector`` as ``(topic_id, cosine)``, closest first."""
        return self.index.nearest(vector, k)


class ArticleNeighbours:
    """The nearest topics of one article's claims while the article is linked.

    One pass over the index answers every claim (each list read once for all the claims that
    probe it); the ``slack`` extra neighbours read per claim keep later answers what a new
    search would give while the article's own claims change at most ``slack`` topics: a
    changed topic is scored afresh, the others keep their score, so the ``k`` nearest are among
    the ones read plus the changed ones. Given a ``floor``, topics scoring below it are not
    read (nor answered, unless changed): for a caller that looks at no score below it, the
    answers are the same.
    """

    def __init__(
        self,
        vectors: TopicVectors,
        queries: dict[int, Vector],
        *,
        k: int,
        slack: int,
        floor: float | None = None,
    ) -> None:
        self.vectors = vectors
        self.queries = queries
        ids = sorted(queries)
        wanted = [queries[i] for i in ids]
        found = vectors.index.nearest_many(wanted, k + slack, floor=floor) if ids else []
        self.found = dict(zip(ids, found, strict=True))
        self.changed: set[int] = set()

    def put(self, topic_id: int, vector: Vector) -> None:
        """A topic's new mean embedding (see :meth:`TopicVectors.put`)."""
        self.vectors.put(topic_id, vector)
        self.changed.add(topic_id)

    def drop(self, topic_id: int) -> None:
        """A topic merged away (see :meth:`TopicVectors.drop`)."""
        self.vectors.drop(topic_id)
        self.changed.add(topic_id)

    def nearest(self, claim_id: int, k: int) -> list[tuple[int, float]]:
        """The ``k`` topics closest to a claim's embedding now, closest first."""
        if claim_id not in self.queries:
            return []
        query, index = self.queries[claim_id], self.vectors.index
        kept = [(t, s) for t, s in self.found[claim_id] if t not in self.changed]
        fresh = [(t, index.score(t, query)) for t in sorted(self.changed) if t in index]
        return sorted(kept + fresh, key=lambda ts: -ts[1])[:k]

    def within(self, threshold: float) -> set[int]:
        """Topics read for any claim at a cosine of at least ``threshold``."""
        return {t for found in self.found.values() for t, s in found if s >= threshold}


_by_database: weakref.WeakKeyDictionary[Engine, TopicVectors] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def topic_vectors(session: Session) -> TopicVectors:
    """The index for the session's database (one per engine and process), refreshed."""
    engine = session.get_bind().engine
    with _lock:
        vectors = _by_database.get(engine)
        if vectors is None:
            vectors = _by_database[engine] = TopicVectors()
    vectors.refresh(session)
    return vectors
