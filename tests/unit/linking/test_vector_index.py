"""The in-process topic index: exact cosine neighbours while small, a few lists read past that (recall
against the exact answer), and topic ids kept right through updates, removals and retraining."""

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


def _clustered(
    seed: int, count: int, dims: int = 32, clusters: int = 60
) -> tuple[np.random.Generator, np.ndarray]:
    """Unit vectors around random centres, as topics of related claims are."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dims)).astype(np.float32)
    noise = rng.standard_normal((count, dims)).astype(np.float32)
    rows = centres[rng.integers(0, clusters, count)] + 0.35 * noise
    return rng, rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_past_the_exact_limit_a_query_reads_a_few_lists_and_still_finds_the_nearest() -> None:
    rng, rows = _clustered(3, 6000)
    index = VectorIndex(32, exact_limit=500, probes=4)
    index.update_many(list(range(1000, 7000)), rows)
    assert index.lists > 20
    queries = rows[rng.integers(0, 6000, 200)] + 0.1 * rng.standard_normal((200, 32)).astype(np.float32)
    found = index.nearest_many(queries, 10)
    exact = index.nearest_many(queries, 10, exact=True)
    units = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    brute = 1000 + np.argsort(-(units @ rows.T), axis=1)[:, :10]
    assert [[t for t, _ in r] for r in exact] == brute.tolist()
    hits = sum(len({t for t, _ in a} & {t for t, _ in b}) for a, b in zip(found, exact, strict=True))
    assert hits / (10 * len(queries)) >= 0.9
    assert all(a[0][0] == b[0][0] for a, b in zip(found, exact, strict=True) if b[0][1] > 0.9)


def test_ids_stay_right_through_updates_removals_and_retraining() -> None:
    rng, rows = _clustered(4, 3000, dims=16, clusters=30)
    index = VectorIndex(16, exact_limit=200, probes=3)
    vectors: dict[int, np.ndarray] = {}
    for tid, row in zip(range(10, 3010), rows, strict=True):  # one at a time: trained at 200 and 800
        index.add(tid, row)
        vectors[tid] = row
    moved = rng.choice(list(vectors), 500, replace=False).tolist()
    for tid, row in zip(moved, rng.choice(3000, 500, replace=False), strict=True):
        vectors[tid] = -rows[row]  # across the sphere: another list
    index.update_many(moved, np.stack([vectors[t] for t in moved]))
    for tid in rng.choice(list(vectors), 400, replace=False).tolist():
        index.remove(tid)
        del vectors[tid]
    assert len(index) == len(vectors) and all(tid in index for tid in vectors)
    assert 10 not in index or 10 in vectors
    for tid in moved[:50]:
        if tid in vectors:
            assert index.score(tid, vectors[tid]) == pytest.approx(1.0, abs=1e-5)
            assert index.nearest(vectors[tid], 1)[0][0] == tid
    queries = rng.standard_normal((20, 16)).astype(np.float32)
    assert [[t for t, _ in r] for r in index.nearest_many(queries, 10, exact=True)] == [
        _brute_force(vectors, q, 10) for q in queries
    ]
    index.train()
    assert len(index) == len(vectors)
    assert [[t for t, _ in r] for r in index.nearest_many(queries, 10, exact=True)] == [
        _brute_force(vectors, q, 10) for q in queries
    ]


def test_the_last_vector_of_a_repeated_id_wins() -> None:
    index = VectorIndex(2)
    index.update_many([5, 6, 5], [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]])
    assert len(index) == 2
    assert index.nearest([-1.0, 0.0], 1) == [(5, pytest.approx(1.0))]
    with pytest.raises(ValueError, match="ids"):
        index.update_many([1, 2], [[1.0, 0.0]])
