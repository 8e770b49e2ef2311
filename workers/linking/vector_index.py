"""An in-process nearest-neighbour index of topic centroids: exact cosine by one matrix product.

In: ``(topic_id, vector)`` pairs, added or replaced as topics grow. Out: the ``k`` topics whose
centroids are most similar to a query vector, as ``(topic_id, cosine)`` best first. Vectors are
L2-normalised on the way in, so a score is the cosine similarity however long the centroid
(a mean of unit vectors is shorter than one).

The centroids live in one contiguous ``float32`` matrix that grows by doubling; a query is a
single matrix-vector product and an ``argpartition``, exact rather than approximate. At
300,000 topics of 384 dimensions that is 440 MB and a few tens of milliseconds per query on one
thread (``bench/bench_embeddings.py`` measures 10k, 100k and 300k). A removed topic's row is
filled by the last row, so the matrix stays dense.

Not thread-safe: one index per process (or a lock around it). In PostgreSQL the same query
would be a pgvector ``vector(384)`` column with an HNSW index and
``ORDER BY centroid <=> :query LIMIT k``; but Debian 12 (bookworm, main and updates), what
claimtrack's machines and CI run, has no ``postgresql-15-pgvector`` package, so that needs a
newer release or another source of the extension.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Vector = npt.ArrayLike
INITIAL_CAPACITY = 1024


class VectorIndex:
    """Exact cosine nearest neighbours over topic centroids, held in memory."""

    def __init__(self, dimensions: int = 384) -> None:
        self.dimensions = dimensions
        self._matrix = np.zeros((INITIAL_CAPACITY, dimensions), dtype=np.float32)
        self._ids: list[int] = []
        self._rows: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._rows

    def _unit(self, vector: Vector) -> npt.NDArray[np.float32]:
        row = np.asarray(vector, dtype=np.float32).reshape(-1)
        if row.shape[0] != self.dimensions:
            raise ValueError(f"expected {self.dimensions} dimensions, got {row.shape[0]}")
        norm = float(np.linalg.norm(row))
        if not np.isfinite(norm) or norm == 0.0:
            raise ValueError("a zero or non-finite vector has no direction")
        return row / np.float32(norm)

    def add(self, topic_id: int, vector: Vector) -> None:
        """Index a new topic; ``KeyError`` if it is already there (use :meth:`update`)."""
        if topic_id in self._rows:
            raise KeyError(f"topic {topic_id} is already indexed")
        unit = self._unit(vector)
        row = len(self._ids)
        if row == self._matrix.shape[0]:
            grown = np.zeros((2 * row, self.dimensions), dtype=np.float32)
            grown[:row] = self._matrix
            self._matrix = grown
        self._matrix[row] = unit
        self._ids.append(topic_id)
        self._rows[topic_id] = row

    def update(self, topic_id: int, vector: Vector) -> None:
        """Replace a topic's centroid, or add it if it is new (idempotent)."""
        row = self._rows.get(topic_id)
        if row is None:
            self.add(topic_id, vector)
        else:
            self._matrix[row] = self._unit(vector)

    def remove(self, topic_id: int) -> None:
        """Drop a topic (``KeyError`` if absent); the last row moves into its place."""
        row = self._rows.pop(topic_id)
        last = len(self._ids) - 1
        if row != last:
            moved = self._ids[last]
            self._matrix[row] = self._matrix[last]
            self._ids[row] = moved
            self._rows[moved] = row
        self._ids.pop()

    def nearest(self, vector: Vector, k: int = 10) -> list[tuple[int, float]]:
        """The ``k`` most similar topics as ``(topic_id, cosine)``, highest first."""
        return self.nearest_many(vector, k)[0]

    def nearest_many(
        self, vectors: Vector, k: int = 10, *, floor: float | None = None
    ) -> list[list[tuple[int, float]]]:
        """:meth:`nearest` for each row of ``vectors``, reading the index once (one matrix
        product for all of them, not one pass over the index per query). With ``floor`` only
        topics scoring at least that come back (still the ``k`` best of them): a comparison
        instead of a partial sort over the whole index, several times cheaper on a large one.
        """
        queries = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        count = len(self._ids)
        if count == 0 or k <= 0 or queries.shape[0] == 0:
            return [[] for _ in range(queries.shape[0])]
        units = np.stack([self._unit(q) for q in queries])
        if floor is not None:
            return self._above(units, k, floor)
        scores = units @ self._matrix[:count].T
        k = min(k, count)
        out = []
        for row in scores:
            top = np.argpartition(-row, k - 1)[:k] if k < count else np.arange(count)
            top = top[np.argsort(-row[top], kind="stable")]
            out.append([(self._ids[i], float(row[i])) for i in top])
        return out

    def _above(self, units: npt.NDArray[np.float32], k: int, floor: float) -> list[list[tuple[int, float]]]:
        # The index on the left of the product: BLAS streams it once, a third faster than the
        # transposed product of one row per query.
        scores = self._matrix[: len(self._ids)] @ units.T
        rows, queries = np.nonzero(scores >= np.float32(floor))
        out: list[list[tuple[int, float]]] = [[] for _ in range(units.shape[0])]
        for query in range(units.shape[0]):
            hits = rows[queries == query]
            found = scores[hits, query]
            best = np.argsort(-found, kind="stable")[:k]
            out[query] = [(self._ids[i], float(s)) for i, s in zip(hits[best], found[best], strict=True)]
        return out

    def score(self, topic_id: int, vector: Vector) -> float:
        """The cosine between a query and one indexed topic (``KeyError`` if absent)."""
        return float(self._matrix[self._rows[topic_id]] @ self._unit(vector))
