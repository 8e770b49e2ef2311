"""Semantic similarity beside the lexical vectors: sentence embeddings of what claims say.

The lexical topic vectors (``workers.linking.topics``) tie claims that share words; two
wordings of one proposition ("captured two mercenaries from Syria" / "denied the presence of
foreign combatants") share few. So claims that can take part in a conflict also carry the
all-MiniLM-L6-v2 embedding of their content (``workers.linking.embeddings``), stored as
``float16`` bytes (768 a claim), and every topic the mean of its members' embeddings.

Used three ways, each bounded: a claim with no lexical topic joins the nearest topic by
embedding when it is very close (:data:`SEMANTIC_JOIN`); the nearest topics by embedding are
also searched for conflicts (:data:`SEMANTIC_RELATED`); and the conflict rules accept a close
paraphrase (:func:`alike`) where they would ask for shared words.

Only claims that may conflict are embedded (a source with a side, not "no comment", three
words or more): that is where paraphrase matters, and it keeps the model's cost, the dearest
step of linking, to about one sentence in two.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from workers.linking.embeddings import DIMENSIONS, encode
from workers.linking.facts import ClaimFacts
from workers.linking.sides import eligible

Vector = npt.NDArray[np.float32]

MIN_WORDS = 3  # shorter contents ("the accusation", "no") say too little to embed
SEMANTIC_JOIN = 0.78  # cosine to a topic's mean embedding for a claim no shared words place
SEMANTIC_RELATED = 0.4  # cosine for a topic whose claims are also searched for conflicts
PARAPHRASE = 0.62  # cosine between two claims' contents that stands for shared wording
# ... when one claim accuses the other's source: the party ties them, the words need less.
AIMED_PARAPHRASE = 0.45


def worth_embedding(fact: ClaimFacts) -> bool:
    """Whether a claim gets an embedding: it may conflict and says something of its own."""
    return eligible(fact) and len(fact.content.split()) >= MIN_WORDS


def embed_facts(facts: Sequence[ClaimFacts]) -> dict[int, Vector]:
    """Embeddings of the contents of the claims worth embedding, by claim id (one batch)."""
    chosen = [f for f in facts if worth_embedding(f)]
    if not chosen:
        return {}
    rows = encode([proposition(f) for f in chosen])
    return {f.id: rows[i] for i, f in enumerate(chosen)}


def proposition(fact: ClaimFacts) -> str:
    """What a claim's embedding is of: its content without the accused it opens with
    ("Doe of hiding the report" -> "hiding the report"), so the act, not the name, is compared."""
    content = fact.content.strip()
    target = (fact.target or "").strip()
    if target and content.startswith(target):
        rest = content[len(target):].lstrip(" ,")
        for joint in ("of ", "for "):
            if rest.startswith(joint) and len(rest.split()) > MIN_WORDS:
                return rest[len(joint):]
    return content


def pack(vector: Vector) -> bytes:
    """A vector as stored: ``float16`` bytes."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def unpack(data: bytes | None) -> Vector | None:
    """Stored bytes back to a ``float32`` vector (None stays None; a wrong length is None)."""
    if not data or len(data) != DIMENSIONS * 2:
        return None
    return np.frombuffer(data, dtype=np.float16).astype(np.float32)


def cosine(a: Vector | None, b: Vector | None) -> float:
    """Cosine of two vectors; 0.0 when either is missing or zero."""
    if a is None or b is None:
        return 0.0
    norm = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norm if norm else 0.0


def fold_in(mean: Vector | None, count: int, vector: Vector) -> Vector:
    """A topic's mean embedding after one more member (a running mean, not renormalised)."""
    if mean is None or count <= 0:
        return np.asarray(vector, dtype=np.float32)
    return ((mean * count + vector) / (count + 1)).astype(np.float32)


def alike(a: ClaimFacts, b: ClaimFacts, *, threshold: float = PARAPHRASE) -> bool:
    """Whether two claims say nearly the same thing in other words (both embedded)."""
    return cosine(a.embedding, b.embedding) >= threshold
