"""Topics: which event or proposition a claim speaks about, assigned incrementally.

A claim becomes a sparse vector of stemmed content words with fixed weights (names and event
words count more, country names less, the claim's content more than the rest of its sentence),
so vectors never change as the corpus grows. A claim joins the nearest existing topic whose
centroid is similar enough, otherwise it starts a new one; candidates come from the topics'
top terms (the ``TopicTerm`` index), never from a scan of all topics.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from workers.linking.facts import ClaimFacts
from workers.linking.labels import build_label
from workers.linking.text import Token, content_tokens

KIND_WEIGHT = {"entity": 1.3, "event": 1.2, "word": 1.0, "country": 0.35}
CONTEXT_WEIGHT = 0.4  # words of the sentence outside the claim's content
VECTOR_TERMS = 24  # terms kept per claim vector
CENTROID_TERMS = 40  # terms kept per topic centroid
INDEX_TERMS = 12  # terms of each topic written to the inverted index
QUERY_TERMS = 6  # a claim's strongest terms used to look up candidate topics
JOIN_THRESHOLD = 0.35  # cosine similarity needed to join an existing topic
MAX_GAP_DAYS = 45  # a topic quiet for longer than this is a different story
# A large topic's centroid grows general ("tax", "plan", "Trump"): joining it asks for more
# similarity, so one broad subject does not swallow every story that touches it.
SIZE_STEP = 0.1  # added to the bar per natural-log step of size beyond SIZE_FREE
SIZE_FREE = 8  # claims a topic may hold before the bar rises


@dataclass
class ClaimVector:
    """A claim's sparse, L2-normalised term weights and the surface form of each term."""

    weights: dict[str, float]
    surface: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def top_terms(self, n: int = QUERY_TERMS) -> list[str]:
        """The ``n`` strongest terms, strongest first (ties by term, so the order is stable)."""
        return [t for t, _ in sorted(self.weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]

    @property
    def informative(self) -> bool:
        """Whether the claim says enough (two or more non-country terms) to place it alone."""
        return sum(1 for t in self.weights if self.kinds.get(t) != "country") >= 2


@dataclass(frozen=True)
class TopicCandidate:
    """A stored topic offered to :func:`choose_topic`."""

    id: int
    centroid: Mapping[str, float]
    claim_count: int
    last_day: date | None = None


@dataclass(frozen=True)
class TopicDecision:
    """Join ``topic_id`` (None: start a new topic), with the similarity that decided it."""

    topic_id: int | None
    similarity: float


def _accumulate(acc: dict[str, float], tokens: Iterable[Token], scale: float) -> None:
    counts = Counter(tokens)
    for token, count in counts.items():
        weight = KIND_WEIGHT[token.kind] * scale * (1.0 + math.log(count))
        acc[token.stem] = acc.get(token.stem, 0.0) + weight


def normalise(weights: Mapping[str, float], keep: int) -> dict[str, float]:
    """Keep the ``keep`` largest weights and scale them to unit length (rounded for storage)."""
    top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: round(w / norm, 5) for t, w in top if w > 0}


def vectorise(claim: ClaimFacts) -> ClaimVector:
    """The claim's topic vector: its content words, plus the rest of its sentence at lower weight.
    A content with no word of its own ("them what to say") gets an empty vector: the names around
    it alone would file it under whoever it mentions, so it joins no topic."""
    content = content_tokens(claim.content)
    if not content:
        return ClaimVector({}, {}, {})
    context_text = claim.text.replace(claim.content, " ") if claim.content else claim.text
    for mention in (claim.mention, claim.source_name):
        if mention:
            context_text = context_text.replace(mention, " ")
    context = content_tokens(context_text)
    raw: dict[str, float] = {}
    _accumulate(raw, content, 1.0)
    _accumulate(raw, context, CONTEXT_WEIGHT)
    surface: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for token in [*content, *context]:
        surface.setdefault(token.stem, token.surface)
        kinds.setdefault(token.stem, token.kind)
    weights = normalise(raw, VECTOR_TERMS)
    return ClaimVector(weights, {t: surface[t] for t in weights}, {t: kinds[t] for t in weights})


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors: their cosine when both are unit length, as stored ones are."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    if dot == 0.0:
        return 0.0
    na = math.sqrt(sum(w * w for w in a.values()))
    nb = math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _distinct_entities(vector: ClaimVector, centroid: Mapping[str, float], kinds: Mapping[str, str]) -> bool:
    """Both sides name places or people, and none in common: a different event that shares words."""
    mine = {t for t, k in vector.kinds.items() if k == "entity" and vector.weights[t] >= 0.2}
    theirs = {t for t, w in centroid.items() if kinds.get(t) == "entity" and w >= 0.2}
    return bool(mine) and bool(theirs) and not (mine & set(centroid)) and not (theirs & set(vector.weights))


def _enough_overlap(vector: ClaimVector, centroid: Mapping[str, float], *, local: bool = False) -> bool:
    """Two or more shared terms besides country and leader names: one common word ("attack") or
    one name is not enough to call two claims the same event."""
    shared = [t for t in vector.weights if t in centroid and vector.kinds.get(t) != "country"]
    return len(shared) >= 2 or (local and any(vector.kinds.get(t) == "entity" for t in shared))


def choose_topic(
    vector: ClaimVector,
    candidates: Sequence[TopicCandidate],
    *,
    day: date | None = None,
    entity_kinds: Mapping[int, Mapping[str, str]] | None = None,
    local: frozenset[int] = frozenset(),
    threshold: float = JOIN_THRESHOLD,
) -> TopicDecision:
    """Pick the topic a claim joins: the most similar candidate at or above ``threshold``.

    Input: the claim's vector, candidate topics (from the inverted index) and the claim's date.
    Output: the chosen topic id, or None to start a new topic. Pure; the same inputs give the
    same decision. Topics quiet for more than ``MAX_GAP_DAYS`` before the claim are skipped, and
    a topic whose names are all different from the claim's needs a higher similarity. Topics
    in ``local`` (those the claim's own article already speaks about) need only one shared
    name: within one story, "Stepanakert" alone ties two claims (a shared "attack" does not).
    """
    best: TopicDecision = TopicDecision(None, 0.0)
    for candidate in sorted(candidates, key=lambda c: c.id):
        if day and candidate.last_day and abs((day - candidate.last_day).days) > MAX_GAP_DAYS:
            continue
        if not _enough_overlap(vector, candidate.centroid, local=candidate.id in local):
            continue
        similarity = dot(vector.weights, candidate.centroid)
        kinds = (entity_kinds or {}).get(candidate.id, {})
        needed = threshold * 1.5 if _distinct_entities(vector, candidate.centroid, kinds) else threshold
        needed += SIZE_STEP * math.log1p(candidate.claim_count / SIZE_FREE)
        if similarity >= needed and similarity > best.similarity:
            best = TopicDecision(candidate.id, round(similarity, 4))
    return best


def update_centroid(
    centroid: Mapping[str, float], count: int, vector: Mapping[str, float]
) -> dict[str, float]:
    """The centroid after adding one claim vector to a topic of ``count`` claims (running mean)."""
    merged = {t: w * count for t, w in centroid.items()}
    for term, weight in vector.items():
        merged[term] = merged.get(term, 0.0) + weight
    return normalise(merged, CENTROID_TERMS)


def keywords_and_label(
    centroid: Mapping[str, float], surface: Mapping[str, str], kinds: Mapping[str, str]
) -> tuple[list[str], str]:
    """Readable keywords (surface forms, strongest first) and a short label for a topic."""
    ordered = sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))
    keywords: list[str] = []
    for term, _ in ordered:
        word = surface.get(term, term)
        if word.lower() not in {k.lower() for k in keywords}:
            keywords.append(word)
        if len(keywords) == 8:
            break
    return keywords, build_label(ordered, surface, kinds)
