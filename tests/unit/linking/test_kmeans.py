"""Spherical k-means for the topic index's lists: unit centres that find the clusters of the rows."""

from __future__ import annotations

import numpy as np

from workers.linking.kmeans import nearest_centre, spherical_kmeans


def test_centres_are_unit_and_fall_on_the_clusters() -> None:
    rng = np.random.default_rng(5)
    truth = rng.standard_normal((8, 24)).astype(np.float32)
    truth /= np.linalg.norm(truth, axis=1, keepdims=True)
    label = rng.integers(0, 8, 4000)
    rows = truth[label] + 0.05 * rng.standard_normal((4000, 24)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    centres = spherical_kmeans(rows, 16, seed=1)
    assert centres.shape == (16, 24) and centres.dtype == np.float32
    assert np.allclose(np.linalg.norm(centres, axis=1), 1.0, atol=1e-5)
    # every true cluster has a centre within a few degrees, and no centre straddles two
    assert (truth @ centres.T).max(axis=1).min() > 0.98
    assigned = nearest_centre(rows, centres)
    assert all(len(set(label[assigned == c].tolist())) <= 1 for c in range(16))

def test_the_same_rows_and_seed_give_the_same_centres_and_never_more_than_rows() -> None:
    rows = np.eye(5, dtype=np.float32)
    assert np.array_equal(spherical_kmeans(rows, 3, seed=2), spherical_kmeans(rows, 3, seed=2))
    assert spherical_kmeans(rows, 9).shape == (5, 5)
