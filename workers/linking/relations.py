"""How two claims relate: similarity of what they say, who they accuse, anaphors, outcomes."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from workers.linking.facts import ClaimFacts
from workers.linking.gazetteer import fold, load_gazetteer, side_of
from workers.linking.text import content_tokens, is_negated

RESPONSE_DAYS = 7  # a restated denial may answer a claim made up to a week earlier
MIN_SIMILARITY = 0.22  # content-word cosine of two claims that say the same thing in part
ANSWER_NEAR = 400  # characters between the two sentences: the next sentence or so
ANSWER_WINDOW = 2500  # characters after a claim within which an answer to it may come
# "X said Y denied …" reports a denial; it does not assert what is denied.
REPORTED_DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed)\b", re.I)
RECIPROCAL = re.compile(r"\b(?:each other|one another|each accused the other|accused the other)\b", re.I)
_ANAPHOR = re.compile(
    r"\b(?:such|this|that|these|those|the|the same|any such|those same)\s+(?:an?\s+)?(?:[\w-]+\s+)?"
    r"(?P<noun>attack|accusation|charge|claim|allegation|report|assertion|strike|shelling|incident|"
    r"information|statement|story|stories|account|version|suggestion|rumou?r)s?\b",
    re.I,
)
_DENY_CUES = frozenset({"deny", "reject", "dismiss", "refute", "dispute", "rebuff", "rebut", "contest"})
_LOSE = re.compile(
    r"(?:been|were|was|being|be)\s+(?:\w+\s+)?(?:repelled|repulsed|pushed back|defeated|routed|destroyed|"
    r"forced to (?:retreat|withdraw))|forced to (?:retreat|withdraw)|\bretreat(?:ed|ing)\b|"
    r"suffered\s+(?:\w+\s+){0,2}(?:losses|casualties|defeat)|\blost\b",
    re.I,
)
_WIN = re.compile(
    r"retain(?:ed|s)?\s+the\s+(?:advantage|upper hand|initiative)|(?:had|has|have|hold|holds|held)\s+the\s+"
    r"upper hand|\badvanc(?:ed|ing)\b|\bcaptured\b|\bretook\b|\bretaken\b|took control|\bliberated\b|"
    r"\brepelled\s+(?:an?|the|all|several|multiple)\b|inflicted\s+(?:\w+\s+){0,2}losses",
    re.I,
)


def is_denial(claim: ClaimFacts) -> bool:
    """Whether a claim denies or rejects something."""
    return claim.stance == "denial" or claim.cue_lemma in _DENY_CUES


def anaphor_noun(content: str) -> str | None:
    """The noun a denial's object points back with ("such an attack" -> "attack"); "" for an empty
    object; None when the object is spelled out in full."""
    text = content.strip()
    match = _ANAPHOR.search(text)
    if match is not None and match.start() <= 25:
        return match.group("noun").lower()
    if not text or len(content_tokens(text)) == 0:
        return ""  # "a charge", "that": nothing left but the pointer
    return None


def days_apart(a: ClaimFacts, b: ClaimFacts) -> int:
    """Days between two claims (0 when either date is unknown)."""
    if a.day is None or b.day is None:
        return 0
    return abs((a.day - b.day).days)


def accused_sides(claim: ClaimFacts) -> set[str]:
    """The sides a claim names other than its own: whom it accuses or speaks about."""
    text = claim.text or claim.content
    return set(sides_named(text, claim.mention, claim.affiliation, tuple(claim.members)))


@lru_cache(maxsize=20_000)
def sides_named(
    text: str, mention: str | None, affiliation: str | None, members: tuple[str, ...]
) -> frozenset[str]:
    """The sides ``text`` names (leaving out the source's ``mention``) other than those of the
    source's ``affiliation`` and ``members``: :func:`accused_sides` of the fields it reads,
    memoised, since the rules ask it of every pair of claims compared."""
    gaz = load_gazetteer()
    if mention:
        text = text.replace(mention, " ")
    own = {side_of(affiliation)} | {side_of(m) for m in members}
    found: set[str] = set()
    for word in re.findall(r"[\w'’.-]+", text):
        key = fold(word).strip(".")
        country = gaz.country_of(key) or (gaz.country_of(key[:-2]) if key.endswith("'s") else None)
        if country is None and "-" in key:
            country = gaz.country_of(key.split("-")[0])  # "Moscow-backed", "Russian-made"
        if country is not None:
            s = side_of(country)
            if s is not None and s not in own:
                found.add(s)
    return frozenset(found)


@lru_cache(maxsize=20_000)
def _content_vector(content: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for token in content_tokens(content):
        w = {"entity": 1.6, "event": 1.3, "word": 1.0, "country": 0.3}[token.kind]
        weights[token.stem] = weights.get(token.stem, 0.0) + w
    return weights


def content_similarity(a: ClaimFacts, b: ClaimFacts, *, ignore: frozenset[str] = frozenset()) -> float:
    """Cosine similarity of what two claims say (content words only, negation ignored), leaving
    out the stems in ``ignore`` (the parties' names, when what matters is the act)."""
    va, vb = _content_vector(a.content), _content_vector(b.content)
    if ignore:
        va = {t: w for t, w in va.items() if t not in ignore}
        vb = {t: w for t, w in vb.items() if t not in ignore}
    dot = sum(w * vb.get(t, 0.0) for t, w in va.items())
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in va.values())) * math.sqrt(sum(w * w for w in vb.values())))


def shared_terms(a: ClaimFacts, b: ClaimFacts) -> int:
    """How many content words (not country names) two claims share."""
    va, vb = _content_vector(a.content), _content_vector(b.content)
    return sum(1 for t, w in va.items() if t in vb and w > 0.5)


def shared_tokens(a: ClaimFacts, b: ClaimFacts, *, ignore: frozenset[str] = frozenset()) -> dict[str, str]:
    """The content stems two claims share, each with its kind ("word", "event", "entity",
    "country"), leaving out the stems in ``ignore``."""
    mine = {t.stem: t.kind for t in content_tokens(a.content) if t.stem not in ignore}
    theirs = {t.stem for t in content_tokens(b.content)}
    return {stem: kind for stem, kind in mine.items() if stem in theirs}


def polarity_flip(a: ClaimFacts, b: ClaimFacts) -> bool:
    """One claim negates, the other does not."""
    return is_negated(a.content) != is_negated(b.content)


def outcomes(claim: ClaimFacts) -> frozenset[tuple[str, str]]:
    """Battlefield outcomes a claim reports: {(side, "win" | "lose")}."""
    return _outcomes(claim.content)


@lru_cache(maxsize=20_000)
def _outcomes(content: str) -> frozenset[tuple[str, str]]:
    gaz = load_gazetteer()
    found: set[tuple[str, str]] = set()
    party: str | None = None
    for clause in re.split(r",|;|\band\b|\bbut\b|\bwhile\b", content):
        for word in re.findall(r"[\w'’-]+", clause):
            country = gaz.country_words.get(fold(word))
            if country is not None:
                party = side_of(country)
                break
        if party is None:
            continue
        if _LOSE.search(clause):
            found.add((party, "lose"))
        elif _WIN.search(clause):
            found.add((party, "win"))
    return frozenset(found)


def opposite_outcomes(a: ClaimFacts, b: ClaimFacts) -> bool:
    """One claim has a side winning where the other has it losing."""
    oa, ob = outcomes(a), outcomes(b)
    return any((p, "lose" if o == "win" else "win") in ob for p, o in oa)
