"""The in-process topic index: exact cosine neighbours, kept right through updates and removals."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from workers.linking.vector_index import VectorIndex


def _brute_force(vectors: dict[int, np.ndarray], query: np.ndarray, k: int) -> list[int]:
    scores = {tid: float(v @ query / np.linalg.norm(v) / np.linalg.norm(query)) for tid, v in vectors.items()}
    return sorted(scores, key=lambda tid: -scores[tid])[:k]


def _filled(seed: int, count: int) -> tuple[np.random.Generator, dict[int, np.ndarray], VectorIndex]:
    rng = np.random.default_rng(seed)
    vectors = {tid: rng.standard_normal(16).astype(np.float32) for tid in range(count)}
    index = VectorIndex(16)
    for tid, vector in vectors.items():
        index.add(tid, vector)
    return rng, vectors, index


def test_nearest_agrees_with_brute_force_past_the_first_growth() -> None:
    rng, vectors, index = _filled(1, 3000)
    query = rng.standard_normal(16).astype(np.float32)
    found = index.nearest(query, 5)
    assert [tid for tid, _ in found] == _brute_force(vectors, query, 5)
    assert all(a[1] >= b[1] for a, b in pairwise(found))
    assert len(index) == 3000


def test_scores_are_cosines_whatever_the_centroid_length() -> None:
    index = VectorIndex(2)
    index.add(7, [10.0, 0.0])
    index.add(8, [0.0, 0.1])
    ((best, score), (_, other)) = index.nearest([1.0, 1.0], 2)
    assert score == pytest.approx(2**-0.5, abs=1e-6)
    assert other == pytest.approx(2**-0.5, abs=1e-6)
    assert best in (7, 8)


def test_update_moves_a_topic_and_adds_a_new_one() -> None:
    index = VectorIndex(2)
    index.add(1, [1.0, 0.0])
    index.update(1, [0.0, 1.0])
    index.update(2, [1.0, 0.0])
    assert index.nearest([0.0, 1.0], 1) == [(1, pytest.approx(1.0))]
    assert index.nearest([1.0, 0.0], 1) == [(2, pytest.approx(1.0))]
    with pytest.raises(KeyError):
        index.add(1, [1.0, 1.0])


def test_remove_keeps_the_others_findable() -> None:
    index = VectorIndex(2)
    for tid, vector in ((1, [1.0, 0.0]), (2, [0.0, 1.0]), (3, [-1.0, 0.0])):
        index.add(tid, vector)
    index.remove(1)
    assert 1 not in index and len(index) == 2
    assert index.nearest([-1.0, 0.1], 3)[0][0] == 3
    assert {tid for tid, _ in index.nearest([1.0, 0.0], 10)} == {2, 3}


def test_empty_index_and_bad_vectors() -> None:
    index = VectorIndex(3)
    assert index.nearest([1.0, 0.0, 0.0], 5) == []
    with pytest.raises(ValueError, match="dimensions"):
        index.add(1, [1.0, 0.0])
    with pytest.raises(ValueError, match="zero"):
        index.add(1, [0.0, 0.0, 0.0])


def test_a_floor_keeps_the_best_above_it_and_nothing_below() -> None:
    rng, _, index = _filled(2, 2000)
    queries = rng.standard_normal((3, 16)).astype(np.float32)
    floors = index.nearest_many(queries, 40, floor=0.6)
    for full, floored in zip(index.nearest_many(queries, 40), floors, strict=True):
        above = [(tid, score) for tid, score in full if score >= 0.6]
        assert [tid for tid, _ in floored] == [tid for tid, _ in above]
        assert np.allclose([s for _, s in floored], [s for _, s in above], atol=1e-6)
        assert floored and len(floored) < len(full)
    assert index.nearest_many(queries[:1], 5, floor=1.01) == [[]]
