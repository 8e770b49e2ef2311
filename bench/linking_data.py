"""A store of N claims grouped into topics as linking would have grouped them, written in bulk.

Each stored claim is real (or realistic) attributed text from a pool; each topic holds
``CLAIMS_PER_TOPIC`` of them, its centroid the merged lexical vectors of its claims (computed
with the real topic vectoriser, once per pool entry), its keywords, label and ``TopicTerm``
index entries written as the pipeline writes them, and a random mean embedding so that the
nearest-topic index is its real size. Rows carry explicit ids and go in by executemany on
SQLite and by ``COPY`` on PostgreSQL (secondary indexes dropped and rebuilt, sequences moved
past the ids), so a million claims fill in minutes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Connection, insert, text

from bench.scale_data import copy_rows, drop_indexes
from service.keys import fold, source_key
from service.models import Article, Claim, Source, Topic, TopicTerm
from workers.linking.embeddings import DIMENSIONS
from workers.linking.facts import ClaimFacts
from workers.linking.semantic import pack
from workers.linking.topics import INDEX_TERMS, ClaimVector, keywords_and_label, normalise, vectorise

CLAIMS_PER_TOPIC = 3
CLAIMS_PER_ARTICLE = 25
SOURCES = 2000
BATCH = 6000  # claims per batch of rows (a multiple of both of the above)
MODELS = {"source": Source, "article": Article, "topic": Topic, "topicterm": TopicTerm, "claim": Claim}
Rows = dict[str, list[dict[str, Any]]]


class Filler:
    """Rows of stored claims, topics and index entries, batch by batch, continuing from the last.

    Stored claims fall within the month before ``window_end`` (the timed articles' dates): every
    topic is "recent", the worst case for candidate lookup.
    """

    def __init__(self, pool: list[tuple[str, str]], *, window_end: date, seed: int = 7) -> None:
        self.pool = pool
        self.window_end = window_end
        self.vectors: dict[int, ClaimVector] = {}
        self.rng = random.Random(seed)
        self.np_rng = np.random.default_rng(seed)
        self.claims = self.topics = self.articles = 0

    def _vector(self, index: int) -> ClaimVector:
        if index not in self.vectors:
            source, content = self.pool[index]
            facts = ClaimFacts(id=0, article_id=0, content=content, text=content, mention=source)
            self.vectors[index] = vectorise(facts)
        return self.vectors[index]

    def _members(self, first: int) -> list[int]:
        """Pool entries of the topic whose first claim is the ``first``-th stored claim: in order
        on the first pass over the pool, random triples after (no two topics alike)."""
        size = len(self.pool)
        if first + CLAIMS_PER_TOPIC <= size:
            return list(range(first, first + CLAIMS_PER_TOPIC))
        return self.rng.sample(range(size), CLAIMS_PER_TOPIC)

    def rows(self, target: int) -> Iterator[Rows]:
        """Batches of rows (table name -> rows) that bring the store to ``target`` claims."""
        now = datetime.now(UTC)
        if self.claims == 0 and target > 0:
            sources = [
                {"id": i, "name": f"Synthetic source {i}", "name_key": fold(f"Synthetic source {i}"),
                 "kind": "person", "affiliation": f"Side {i % 40}", "created_at": now}
                for i in range(1, SOURCES + 1)
            ]
            yield {"source": sources}
        while self.claims < target:
            yield self._batch(min(BATCH, target - self.claims), now)

    def _batch(self, n: int, now: datetime) -> Rows:
        out: Rows = {"article": [], "topic": [], "topicterm": [], "claim": []}
        days = []
        for _ in range(0, n, CLAIMS_PER_ARTICLE):
            self.articles += 1
            day = self.window_end - timedelta(days=self.rng.randint(0, 30))
            days.append(day)
            out["article"].append(
                {"id": self.articles, "title": f"synthetic {self.articles}", "body": "synthetic",
                 "content_hash": f"syn-{self.articles}", "status": "done", "attempts": 1, "created_at": now,
                 "status_changed_at": now, "published_at": day}
            )
        first_article = self.articles - len(days) + 1
        embeddings = self.np_rng.standard_normal((n // CLAIMS_PER_TOPIC + 1, DIMENSIONS), dtype=np.float32)
        embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
        for start in range(0, n, CLAIMS_PER_TOPIC):
            self.topics += 1
            article = start // CLAIMS_PER_ARTICLE
            day = days[article]
            merged: dict[str, float] = {}
            surface: dict[str, str] = {}
            kinds: dict[str, str] = {}
            for k, index in enumerate(self._members(self.claims + start)[: n - start]):
                vector = self._vector(index)
                for term, weight in vector.weights.items():
                    merged[term] = merged.get(term, 0.0) + weight
                surface.update(vector.surface)
                kinds.update(vector.kinds)
                source, content = self.pool[index]
                claim_id, source_id = self.claims + start + k + 1, self.rng.randint(1, SOURCES)
                out["claim"].append(
                    _claim(claim_id, first_article + article, self.topics, start + k, source, content, day,
                           source_id, now)
                )
            centroid = normalise(merged, 40)
            keywords, label = keywords_and_label(centroid, surface, kinds)
            out["topic"].append(
                {"id": self.topics, "label": label, "keywords": keywords, "centroid": centroid,
                 "claim_count": CLAIMS_PER_TOPIC, "created_at": now, "merged_into_id": None,
                 "last_activity_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC),
                 "embedding": pack(embeddings[start // CLAIMS_PER_TOPIC]), "embedded_count": CLAIMS_PER_TOPIC,
                 # written well before the timed articles, as a stored archive's are
                 "embedded_at": now - timedelta(hours=1)}
            )
            top = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:INDEX_TERMS]
            out["topicterm"] += [{"topic_id": self.topics, "term": t, "weight": w} for t, w in top]
        self.claims += n
        return out


def _claim(
    claim_id: int, article_id: int, topic_id: int, ordinal: int, source: str, content: str, day: date,
    source_id: int, now: datetime,
) -> dict[str, Any]:
    return {
        "id": claim_id, "article_id": article_id, "source_id": source_id, "topic_id": topic_id,
        "parent_claim_id": None, "ordinal": ordinal, "text": content, "content": content,
        "source_mention": source, "source_resolved": None, "source_key": source_key(None, source),
        "target": None, "target_key": None, "embedding": None, "cue": "said", "cue_lemma": "say",
        "spans": {}, "stance": "assertion", "quote_type": "indirect", "said_on": day, "quantities": [],
        "verification": {}, "confidence": 0.5, "review_status": "unreviewed",
        "extractor_version": "synthetic", "created_at": now,
    }


def write_rows(connection: Connection, batches: Iterator[Rows]) -> None:
    """Write the batches: executemany on SQLite; ``COPY`` on PostgreSQL, with the tables'
    secondary indexes dropped meanwhile and the id sequences moved past the rows."""
    if connection.dialect.name != "postgresql":
        for batch in batches:
            for table, rows in batch.items():
                if rows:
                    connection.execute(insert(MODELS[table]), rows)
        return
    raw = connection.connection.driver_connection
    tables = tuple(MODELS)
    raw.execute("SET session_replication_role = replica")  # type: ignore[union-attr]
    definitions = drop_indexes(raw, tables)  # type: ignore[arg-type]
    for batch in batches:
        for table, rows in batch.items():
            if rows:
                columns = list(rows[0])
                values = ([_copyable(r[c]) for c in columns] for r in rows)
                copy_rows(raw, table, columns, values)  # type: ignore[arg-type]
    for definition in definitions:
        raw.execute(definition)  # type: ignore[union-attr]
    raw.execute("SET session_replication_role = DEFAULT")  # type: ignore[union-attr]
    for table in tables:
        if table != "topicterm":
            connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            )
        connection.execute(text(f"ANALYZE {table}"))


def _copyable(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, dict | list) else value
