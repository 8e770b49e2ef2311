"""Spherical k-means: ``k`` unit centres for unit vectors, by cosine.

In: an ``(n, d)`` ``float32`` array of unit rows, a number of centres and a seed. Out: a
``(k, d)`` ``float32`` array of unit centres, each the normalised mean of the rows closest to
it. Pure and deterministic: the same rows in the same order and the same seed give the same
centres. Used to split the topic index into lists (``workers.linking.vector_index``), where a
centre only has to be good enough to send a query to the right few lists, so it runs a few
Lloyd iterations on a sample (:data:`SAMPLE_PER_CENTRE` rows a centre), from k-means++
seeds, rather than to convergence on every row.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Rows = npt.NDArray[np.float32]

SAMPLE_PER_CENTRE = 40
ITERATIONS = 8
CHUNK = 16_384  # rows scored against the centres at once: bounds the score matrix's memory


def nearest_centre(rows: Rows, centres: Rows) -> npt.NDArray[np.intp]:
    """Index of the centre of highest cosine for each row (in chunks of :data:`CHUNK` rows)."""
    out = np.empty(rows.shape[0], dtype=np.intp)
    for start in range(0, rows.shape[0], CHUNK):
        out[start : start + CHUNK] = np.argmax(rows[start : start + CHUNK] @ centres.T, axis=1)
    return out


def _seeds(rows: Rows, k: int, rng: np.random.Generator) -> Rows:
    """k-means++ seeding: each next centre a row drawn with odds growing with its squared
    distance from the centres so far (``2 - 2 cos`` for unit rows), so clusters are not missed."""
    centres = np.empty((k, rows.shape[1]), dtype=np.float32)
    centres[0] = rows[rng.integers(rows.shape[0])]
    best = rows @ centres[0]
    for i in range(1, k):
        odds = np.maximum(2.0 - 2.0 * best.astype(np.float64), 0.0)
        total = odds.sum()
        pick = rng.choice(rows.shape[0], p=odds / total) if total > 0 else rng.integers(rows.shape[0])
        centres[i] = rows[pick]
        np.maximum(best, rows @ centres[i], out=best)
    return centres


def spherical_kmeans(rows: Rows, k: int, *, seed: int = 0, iterations: int = ITERATIONS) -> Rows:
    """``min(k, len(rows))`` unit centres of ``rows`` (unit vectors), trained on a sample."""
    rng = np.random.default_rng(seed)
    n = rows.shape[0]
    k = max(1, min(k, n))
    sample = rows[np.sort(rng.choice(n, min(n, SAMPLE_PER_CENTRE * k), replace=False))]
    centres = _seeds(sample, k, rng)
    for _ in range(iterations):
        assign = nearest_centre(sample, centres)
        order = np.argsort(assign, kind="stable")
        counts = np.bincount(assign, minlength=k)
        used = np.flatnonzero(counts)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[used]
        sums = np.add.reduceat(sample[order], starts, axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centres[used] = sums / np.maximum(norms, np.float32(1e-12))
        empty = np.flatnonzero(counts == 0)
        if empty.size:  # a centre nothing chose starts again from a random row
            centres[empty] = sample[rng.choice(sample.shape[0], empty.size, replace=False)]
    return centres.astype(np.float32, copy=False)
