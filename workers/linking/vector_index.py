"""An in-process nearest-neighbour index of topic centroids: cosine, read through a few lists.

In: ``(topic_id, vector)`` pairs, added or replaced as topics grow. Out: the ``k`` topics whose
centroids are most similar to a query vector, as ``(topic_id, cosine)`` best first. Vectors are
L2-normalised on the way in, so a score is the cosine similarity however long the centroid
(a mean of unit vectors is shorter than one). Topic ids are the caller's and never change.

Up to :data:`EXACT_LIMIT` topics the index is one list and a query reads all of it: exact.
From there it is an inverted file: the centroids are split into about ``sqrt(n)`` lists by
spherical k-means (``workers.linking.kmeans``), each list one contiguous ``float32`` block, and
a query reads only the :data:`PROBES` lists whose centres are closest to it, so its cost grows
with ``sqrt(n)`` instead of ``n`` (at 333,000 topics, 577 centres and some 18,000 rows instead
of 333,000). That is approximate: a topic whose list is not among those probed is missed.
``bench/bench_topic_index.py`` measures how often, on topics made of real claim embeddings:
at 333,000 topics, 0.999-1.000 of those a claim may join (0.78) and 0.87-0.97 of the 2
nearest at 0.4 come back (topics of unrelated / of alike claims), in a third of the exact
search's time (``bench/bench_embeddings.py`` times both on random vectors). The lists are
trained again from all the rows when the index has grown :data:`GROWTH` times since they
were last trained (under 6 s at 333,000 topics, memory for two copies of the rows
meanwhile); in between, a new or changed centroid goes to the list of its nearest centre. A
removed topic's row is filled by its list's last.

Not thread-safe: one index per process (or a lock around it). In PostgreSQL the same query
would be a pgvector ``vector(384)`` column with an HNSW index and
``ORDER BY centroid <=> :query LIMIT k``; but Debian 12 (bookworm, main and updates), what
claimtrack's machines and CI run, has no ``postgresql-15-pgvector`` package, so that needs a
newer release or another source of the extension.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from workers.linking.embeddings import blas_libraries
from workers.linking.kmeans import nearest_centre, spherical_kmeans

Vector = npt.ArrayLike
Rows = npt.NDArray[np.float32]
EXACT_LIMIT = 4096  # topics read whole by every query; past this, lists
PROBES = 32  # lists read per query
LISTS_PER_ROOT = 1.0  # lists per square root of the topics
GROWTH = 4  # the lists are trained again when the index has grown this many times
SEED = 7


class _List:
    """One list's unit rows and their topic ids, contiguous, growing by half when full."""

    def __init__(self, rows: Rows, ids: npt.NDArray[np.int64]) -> None:
        self.matrix, self.ids, self.count = rows, ids, len(ids)

    def rows(self) -> Rows:
        return self.matrix[: self.count]

    def extend(self, ids: Sequence[int], units: Rows) -> int:
        """Append rows; returns the position of the first."""
        first, need = self.count, self.count + len(ids)
        if need > self.matrix.shape[0]:
            capacity = max(need, 16, self.matrix.shape[0] * 3 // 2)
            matrix = np.empty((capacity, self.matrix.shape[1]), dtype=np.float32)
            matrix[:first] = self.matrix[:first]
            grown = np.empty(capacity, dtype=np.int64)
            grown[:first] = self.ids[:first]
            self.matrix, self.ids = matrix, grown
        self.matrix[first:need] = units
        self.ids[first:need] = ids
        self.count = need
        return first

    def pop(self, row: int) -> int | None:
        """Drop a row, moving the last into its place; returns the moved topic id, if any."""
        self.count -= 1
        if row == self.count:
            return None
        self.matrix[row] = self.matrix[self.count]
        self.ids[row] = self.ids[self.count]
        return int(self.ids[row])


def _row(vector: Vector) -> Rows:
    return np.asarray(vector, dtype=np.float32).reshape(1, -1)


def _empty_list(dimensions: int) -> _List:
    return _List(np.empty((0, dimensions), dtype=np.float32), np.empty(0, dtype=np.int64))


class VectorIndex:
    """Cosine nearest neighbours over topic centroids, held in memory; exact while small."""

    def __init__(
        self, dimensions: int = 384, *, exact_limit: int = EXACT_LIMIT, probes: int = PROBES
    ) -> None:
        self.dimensions, self.exact_limit, self.probes = dimensions, exact_limit, probes
        self._lists = [_empty_list(dimensions)]
        self._centres: Rows | None = None  # one unit centre per list; None: one list, exact
        self._where: dict[int, tuple[int, int]] = {}  # topic id -> (list, row)
        self._trained = 0  # topics when the lists were last trained

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._where

    @property
    def lists(self) -> int:
        """How many lists the topics are split into (1 while the index is exact)."""
        return len(self._lists)

    def _units(self, vectors: Vector) -> Rows:
        array = np.asarray(vectors, dtype=np.float32)
        got = array.shape[-1] if array.ndim else 0
        if array.ndim not in (1, 2) or got != self.dimensions:
            raise ValueError(f"expected {self.dimensions} dimensions, got {got}")
        rows = array.reshape(-1, self.dimensions)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        if not np.all(np.isfinite(norms)) or np.any(norms == 0.0):
            raise ValueError("a zero or non-finite vector has no direction")
        return (rows / norms).astype(np.float32, copy=False)

    def _list_of(self, units: Rows) -> npt.NDArray[np.intp]:
        if self._centres is None:
            return np.zeros(units.shape[0], dtype=np.intp)
        return nearest_centre(units, self._centres)

    def add(self, topic_id: int, vector: Vector) -> None:
        """Index a new topic; ``KeyError`` if it is already there (use :meth:`update`)."""
        if topic_id in self._where:
            raise KeyError(f"topic {topic_id} is already indexed")
        self.update_many([topic_id], _row(vector))

    def update(self, topic_id: int, vector: Vector) -> None:
        """Replace a topic's centroid, or add it if it is new (idempotent)."""
        self.update_many([topic_id], _row(vector))

    def update_many(self, topic_ids: Sequence[int], vectors: Vector) -> None:
        """:meth:`update` for many topics at once (the last vector of an id repeated wins)."""
        if not len(topic_ids):
            return
        units, ids = self._units(vectors), np.asarray(topic_ids, dtype=np.int64)
        if units.shape[0] != len(ids):
            raise ValueError(f"{len(ids)} topic ids for {units.shape[0]} vectors")
        lists = self._list_of(units)
        fresh = []
        for tid, i in {int(t): i for i, t in enumerate(ids.tolist())}.items():
            where = self._where.get(tid)
            if where is not None and where[0] == lists[i]:
                self._lists[where[0]].matrix[where[1]] = units[i]
                continue
            if where is not None:
                self.remove(tid)
            fresh.append(i)
        chosen = np.asarray(fresh, dtype=np.intp)
        chosen = chosen[np.argsort(lists[chosen], kind="stable")]
        for group in np.split(chosen, np.flatnonzero(np.diff(lists[chosen])) + 1):
            if group.size:
                number, group_ids = int(lists[group[0]]), ids[group].tolist()
                first = self._lists[number].extend(group_ids, units[group])
                self._where.update({tid: (number, first + offset) for offset, tid in enumerate(group_ids)})
        if len(self) >= self.exact_limit and len(self) >= GROWTH * self._trained:
            self.train()

    def remove(self, topic_id: int) -> None:
        """Drop a topic (``KeyError`` if absent); its list's last row moves into its place."""
        number, row = self._where.pop(topic_id)
        moved = self._lists[number].pop(row)
        if moved is not None:
            self._where[moved] = (number, row)

    def train(self) -> None:
        """Split the topics into about ``sqrt(n)`` lists afresh (k-means over all the rows)."""
        units = np.concatenate([lst.rows() for lst in self._lists])
        ids = np.concatenate([lst.ids[: lst.count] for lst in self._lists])
        self._lists = []
        centres = spherical_kmeans(units, round(LISTS_PER_ROOT * math.sqrt(len(ids))), seed=SEED)
        assign = nearest_centre(units, centres)
        order = np.argsort(assign, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(assign, minlength=len(centres)))])
        units, ids = units[order], ids[order]
        self._centres = centres
        self._where = {}
        for number, (start, stop) in enumerate(pairwise(bounds)):
            self._lists.append(_List(units[start:stop], ids[start:stop]))
            for row, tid in enumerate(ids[start:stop].tolist()):
                self._where[tid] = (number, row)
        self._trained = len(ids)

    def nearest(self, vector: Vector, k: int = 10) -> list[tuple[int, float]]:
        """The ``k`` most similar topics as ``(topic_id, cosine)``, highest first."""
        return self.nearest_many(_row(vector), k)[0]

    def nearest_many(
        self, vectors: Vector, k: int = 10, *, floor: float | None = None, exact: bool = False
    ) -> list[list[tuple[int, float]]]:
        """:meth:`nearest` for each row of ``vectors``, reading each probed list once for all
        the queries that probe it (one matrix product a list). With ``floor`` only topics
        scoring at least that come back (still the ``k`` best of them): a comparison instead
        of a partial sort. ``exact`` reads every list (for measuring the index's recall)."""
        queries = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dimensions)
        if not len(self) or k <= 0 or queries.shape[0] == 0:
            return [[] for _ in range(queries.shape[0])]
        # One BLAS thread: the products are small, and a second thread only waits on a busy core.
        with blas_libraries().limit(limits=1, user_api="blas"):
            return self._search(self._units(queries), k, floor, exact)

    def _search(
        self, units: Rows, k: int, floor: float | None, exact: bool
    ) -> list[list[tuple[int, float]]]:
        found_q, found_ids, found_scores = [], [], []
        for number, asking in self._probed(units, exact):
            lst = self._lists[number]
            if not lst.count:
                continue
            scores = lst.rows() @ units[asking].T  # the list on the left: BLAS streams it once
            above = scores >= np.float32(floor) if floor is not None else np.ones_like(scores, dtype=bool)
            if lst.count > k and np.count_nonzero(above) > k * len(asking):
                # no more than a list's k best for a query can be among its k best
                rows = np.argpartition(-scores, k - 1, axis=0)[:k].ravel()
                cols = np.tile(np.arange(len(asking)), k)
                kept = above[rows, cols]
                rows, cols = rows[kept], cols[kept]
            else:
                rows, cols = np.nonzero(above)
            found_q.append(asking[cols])
            found_ids.append(lst.ids[rows])
            found_scores.append(scores[rows, cols])
        return self._best(units.shape[0], k, found_q, found_ids, found_scores)

    def _probed(self, units: Rows, exact: bool) -> list[tuple[int, npt.NDArray[np.intp]]]:
        """``(list, queries that read it)`` for every list some query reads."""
        everyone = np.arange(units.shape[0])
        if self._centres is None or exact or self.probes >= len(self._lists):
            return [(number, everyone) for number in range(len(self._lists))]
        coarse = units @ self._centres.T
        top = np.argpartition(-coarse, self.probes - 1, axis=1)[:, : self.probes].ravel()
        asking = np.repeat(everyone, self.probes)
        order = np.argsort(top, kind="stable")
        top, asking = top[order], asking[order]
        cuts = np.flatnonzero(np.diff(top)) + 1
        groups = zip(np.split(top, cuts), np.split(asking, cuts), strict=True)
        return [(int(lists[0]), queries) for lists, queries in groups]

    @staticmethod
    def _best(
        count: int, k: int, found_q: list[npt.NDArray[np.intp]], found_ids: list[npt.NDArray[np.int64]],
        found_scores: list[Rows],
    ) -> list[list[tuple[int, float]]]:
        out: list[list[tuple[int, float]]] = [[] for _ in range(count)]
        if not found_q:
            return out
        q, ids, scores = np.concatenate(found_q), np.concatenate(found_ids), np.concatenate(found_scores)
        order = np.lexsort((ids, -scores, q))  # by query, best first, ties by topic id
        q, ids, scores = q[order], ids[order], scores[order]
        starts = np.searchsorted(q, np.arange(count))
        stops = np.searchsorted(q, np.arange(count), side="right")
        for query, (start, stop) in enumerate(zip(starts, stops, strict=True)):
            stop = min(stop, start + k)
            out[query] = list(zip(ids[start:stop].tolist(), scores[start:stop].tolist(), strict=True))
        return out

    def score(self, topic_id: int, vector: Vector) -> float:
        """The cosine between a query and one indexed topic (``KeyError`` if absent)."""
        number, row = self._where[topic_id]
        return float(self._lists[number].matrix[row] @ self._units(vector)[0])
