"""Syndication rules: is one article body a copy of another (the same wire story from another outlet)?

Pure functions, text in, plain values out. A body becomes the set of its word 5-grams
(shingles); its MinHash signature (``datasketch.MinHash``, 128 permutations, fixed seed, so
every process computes the same signature) estimates the Jaccard similarity of two such sets.
LSH banding (42 bands of 3 rows) turns a signature into band hashes: two bodies with Jaccard
similarity 0.4 share a band with probability 0.94, two unrelated bodies (0.02) with 0.0003,
so a store finds a body's candidates with one indexed ``IN`` lookup of its band hashes.

A copy is decided on the signatures, not on Jaccard alone: a copy with its ending trimmed is
contained in the original, one with a local paragraph added contains it, and Jaccard falls
with every such edit while containment (the shared shingles over the smaller set) stays near
one. So a pair is syndicated when the estimated containment is at least
``MIN_CONTAINMENT`` and the Jaccard similarity at least ``MIN_JACCARD`` (the floor LSH finds
reliably; a copy cut to less than about 40% of the original is not recognised).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SEED = 1
SHINGLE_WORDS = 5
ROWS_PER_BAND = 3
BANDS = NUM_PERM // ROWS_PER_BAND  # 42 bands; the last two permutations are in no band
MIN_JACCARD = 0.4
MIN_CONTAINMENT = 0.7

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Sketch:
    """A body's MinHash signature (``NUM_PERM`` uint32 values) and how many shingles it has."""

    signature: bytes
    shingles: int

    def values(self) -> np.ndarray:
        """The signature as an array of uint32."""
        return np.frombuffer(self.signature, dtype=np.uint32)


def shingles(body: str) -> set[str]:
    """The body's word ``SHINGLE_WORDS``-grams, case and punctuation folded away (a body of
    fewer words is one shingle)."""
    words = _WORD.findall(body.casefold())
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def sketch(body: str) -> Sketch:
    """The MinHash sketch of a body; the same body gives the same sketch in every process."""
    found = shingles(body)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in sorted(found)])
    values = np.asarray(minhash.hashvalues, dtype=np.uint64).astype(np.uint32)
    return Sketch(signature=values.tobytes(), shingles=len(found))


def band_hashes(item: Sketch) -> list[int]:
    """The signature's LSH band hashes, as signed 64-bit integers (a database BIGINT); the band
    number is part of each hash, so equal rows in different bands do not collide."""
    values = item.values()
    out: list[int] = []
    for band in range(BANDS):
        rows = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        digest = hashlib.blake2b(band.to_bytes(2, "big") + rows.tobytes(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "big", signed=True))
    return out


@dataclass(frozen=True)
class Overlap:
    """How much two bodies share, estimated from their sketches."""

    jaccard: float
    containment: float

    @property
    def syndicated(self) -> bool:
        """Whether the two bodies are one story (see the module docstring)."""
        return self.jaccard >= MIN_JACCARD and self.containment >= MIN_CONTAINMENT


def overlap(a: Sketch, b: Sketch) -> Overlap:
    """Estimated Jaccard similarity and containment of two bodies' shingle sets.

    The shared shingles are ``J * (|A| + |B|) / (1 + J)``; containment divides them by the
    smaller set, so a trimmed or extended copy scores near one.
    """
    if not a.shingles or not b.shingles:
        return Overlap(0.0, 0.0)
    jaccard = float(np.mean(a.values() == b.values()))
    shared = jaccard * (a.shingles + b.shingles) / (1.0 + jaccard)
    return Overlap(jaccard, min(1.0, shared / min(a.shingles, b.shingles)))
