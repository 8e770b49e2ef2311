"""Text features for linking: tokens, a small deterministic stemmer, negation and lexicons.

Everything is fixed vocabulary and rules, so a claim's features never change as the corpus grows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from workers.linking.gazetteer import fold, load_gazetteer

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")

_LEXICON = json.loads((Path(__file__).with_name("data") / "lexicon.json").read_text(encoding="utf-8"))
# Reporting and framing words say how a claim is made, not what it is about.
_FRAMING = frozenset(_LEXICON["framing"])
_BASE_STOP = frozenset(ENGLISH_STOP_WORDS) | frozenset(_FRAMING)

# Words that name what happened: they carry the event and deserve weight.
EVENT_STEMS = frozenset(_LEXICON["event_stems"])


def _stem_all(words: frozenset[str]) -> frozenset[str]:
    return words | frozenset(stem(w) for w in words)


NEGATION = re.compile(
    r"\b(?:not|no|never|n't|nothing|none|neither|nor|without|denied|denies|deny|false|untrue|"
    r"misinformation|baseless|groundless|fabricat\w*|lies?)\b",
    re.I,
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A small, deterministic suffix stripper: "shelling" -> "shell", "attacks" -> "attack"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'.-")
    if len(w) <= 3:
        return w
    if w.endswith(("rtive", "ctive", "ssive")) and len(w) >= 8:
        return w[:-3]  # "supportive" -> "support", "protective" -> "protect"
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ations", ""),
        ("ation", ""),
        ("ings", ""),
        ("ing", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ions", ""),
        ("ion", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                continue
            if suffix in ("ion", "ions") and len(w) - len(suffix) < 5:
                continue
            if suffix == "es" and not w.endswith(("shes", "ches", "xes", "sses", "zes")):
                continue
            base = w[: len(w) - len(suffix)] + repl
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # "targetted" -> "target", keeps "shell"
            if suffix in ("ing", "ed") and base.endswith("at"):
                base = base  # "violating" / "violated" -> "violat", same as "violation"
            return base
    return w


@dataclass(frozen=True)
class Token:
    """A content word: its stem, surface form, and what kind of word it is."""

    stem: str
    surface: str
    kind: str  # "country", "entity", "event" or "word"


@lru_cache(maxsize=20_000)
def content_tokens(text: str) -> tuple[Token, ...]:
    """The content words of ``text``: countries folded to one token, names flagged as entities
    (memoised: the conflict rules ask it of both claims of every pair they compare)."""
    gaz = load_gazetteer()
    if gaz.phrases is not None:
        # "United States" and "Red Cross" are one name each: "United" alone would link unrelated claims.
        text = gaz.phrases.sub(lambda m: m.group(0).replace(" ", "-"), text)
    tokens: list[Token] = []
    sentence_start = True
    for match in _TOKEN.finditer(text):
        raw = match.group(0).strip(".'’-")
        if not raw:
            continue
        key = fold(raw)
        prev_end = text[max(0, match.start() - 2) : match.start()]
        at_start = sentence_start or bool(re.search(r"[.!?“\"]\s*$", prev_end))
        sentence_start = False
        # Country names and adjectives name the actors of a whole story, not one event; capitals
        # ("a visit to Tehran") are places and stay ordinary words.
        base = key[:-2] if key.endswith("'s") else key
        country = gaz.country_words.get(base) or gaz.country_words.get(base + ".")
        if country is None and "-" in key:
            country = next((gaz.country_words[p] for p in key.split("-") if p in gaz.country_words), None)
        if country is not None:
            tokens.append(Token(fold(country), country, "country"))
            continue
        if "-" in key and key.replace("-", " ") in gaz.organisations:
            org = gaz.organisations[key.replace("-", " ")].name
            tokens.append(Token(fold(org), org, "entity"))
            continue
        if "-" in key and key.replace("-", " ") in gaz.metonyms:
            tokens.append(Token(key.replace("-", " "), raw.replace("-", " "), "entity"))
            continue
        if key in STOP_WORDS or len(key) < 2:
            continue
        if key in gaz.first_names and raw[:1].isupper():
            continue  # "Donald" of "Donald Trump": the surname carries the person
        if base in gaz.people and raw[:1].isupper():
            # Well-known people are the actors of a whole beat, like countries in a war.
            person = gaz.people[base].name
            tokens.append(Token(fold(person), person, "country"))
            continue
        stemmed = stem(key)
        if stemmed in STOP_WORDS or len(stemmed) < 3:
            continue
        if any(stemmed.startswith(e) for e in EVENT_STEMS if len(e) >= 4) or stemmed in EVENT_STEMS:
            tokens.append(Token(stemmed, raw.lower(), "event"))
        elif raw[0].isupper() and not at_start:
            tokens.append(Token(stemmed, raw, "entity"))
        else:
            tokens.append(Token(stemmed, raw.lower(), "word"))
    return tuple(tokens)


def is_negated(text: str) -> bool:
    """Whether ``text`` carries a negation or a rejection word."""
    return bool(NEGATION.search(text))


STOP_WORDS = _stem_all(_BASE_STOP)
