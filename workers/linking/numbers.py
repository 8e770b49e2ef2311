"""Figures in claims: what is counted, whose, and when two figures cannot both be right.

A figure's *measure* is (what happened, who it happened to, whose side they are on): "1,177 of
its troops have been killed" is (killed, military, the source's own side); "5,000 deaths on both
sides" is (killed, people, both). Two figures conflict only when the measure is the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from workers.linking.facts import ClaimFacts, QuantityFact
from workers.linking.gazetteer import fold, load_gazetteer, side_of

_NUMBER = re.compile(
    r"(?P<qual>at least|more than|over|up to|as many as|about|around|nearly|almost|some|roughly|"
    r"approximately|an estimated)?\s*(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(?P<mult>thousand|million))?",
    re.I,
)
_MEASURES = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "deaths": "killed",
    "death": "killed",
    "lives": "killed",
    "losses": "killed",
    "fatalities": "killed",
    "casualties": "casualties",
    "wounded": "wounded",
    "injured": "wounded",
    "hurt": "wounded",
    "displaced": "displaced",
    "arrested": "arrested",
    "detained": "arrested",
    "captured": "captured",
}
_UNIT_CLASSES = {
    "troops": "military",
    "soldiers": "military",
    "servicemen": "military",
    "personnel": "military",
    "fighters": "military",
    "military": "military",
    "servicemembers": "military",
    "combatants": "military",
    "civilians": "civilian",
    "civilian": "civilian",
    "residents": "civilian",
    "children": "civilian",
    "people": "people",
    "persons": "people",
    "deaths": "people",
    "lives": "people",
}
_BOTH = re.compile(r"\b(?:both sides|each side|all sides|in total|overall|on either side)\b", re.I)
_OWN = re.compile(r"\b(?:its|their|our|his|her)\b", re.I)
_MULT = {"thousand": 1_000, "million": 1_000_000}
_BOUND = {"at least": "lower", "more than": "lower", "over": "lower", "up to": "upper", "as many as": "upper"}


@dataclass(frozen=True)
class Measure:
    """What a figure counts: (measure, unit class, owner side or "both")."""

    measure: str
    unit: str
    owner: str | None


def parse_quantities(text: str) -> list[tuple[QuantityFact, int, int]]:
    """Casualty-like figures in ``text`` with their character span, e.g. "47 civilians had been killed"."""
    found: list[tuple[QuantityFact, int, int]] = []
    for match in _NUMBER.finditer(text):
        window = text[match.end() : match.end() + 60].lower()
        if re.match(
            r"\s*(?:%|percent|km|miles|years?|days?|hours?|weeks?|months?|tonnes|\$|dollars)", window
        ):
            continue
        value = float(match.group("num").replace(",", "")) * _MULT.get((match.group("mult") or "").lower(), 1)
        if 1900 <= value <= 2100 and "," not in match.group("num"):
            continue  # a year
        measure = next((m for w, m in _MEASURES.items() if re.search(rf"\b{w}\b", window)), None)
        if measure is None:
            continue
        unit = next((w for w in re.findall(r"[a-z]+", window)[:6] if w in _UNIT_CLASSES), None)
        qual = (match.group("qual") or "").lower()
        found.append(
            (
                QuantityFact(
                    value=value, unit=unit, measure=measure, approximate=bool(qual), bound=_BOUND.get(qual)
                ),
                match.start(),
                match.end(),
            )
        )
    return found


def measure_of(claim: ClaimFacts, quantity: QuantityFact, context: str) -> Measure | None:
    """The measure a figure counts, reading ``context`` (the text around the figure) for its owner."""
    if quantity.measure is None:
        return None
    measure = _MEASURES.get(quantity.measure.lower()) or _MEASURES.get((quantity.unit or "").lower())
    if measure is None:
        # The extractor's verb may be the reporting one ("reported", "estimated"): read the figure's context.
        measure = next((m for w, m in _MEASURES.items() if re.search(rf"\b{w}\b", context.lower())), None)
    if measure is None:
        return None
    unit = _UNIT_CLASSES.get((quantity.unit or "").lower(), "people")
    if measure == "killed" and (quantity.unit or "").lower() in ("deaths", "lives"):
        unit = "people"
    if _BOTH.search(context):
        return Measure(measure, unit, "both")
    gaz = load_gazetteer()
    words = [fold(w) for w in re.findall(r"[\w'’-]+", context)]
    for size in (2, 1):
        for i in range(len(words) - size + 1):
            country = gaz.country_words.get(" ".join(words[i : i + size]))
            if country:
                return Measure(measure, unit, side_of(country))
    if _OWN.search(context) and claim.affiliation:
        return Measure(measure, unit, side_of(claim.affiliation))
    return Measure(measure, unit, None)


def incompatible(a: QuantityFact, b: QuantityFact) -> bool:
    """Whether two figures for the same measure cannot both hold."""
    if a.bound == "lower" and b.bound != "lower":
        return b.value < a.value
    if b.bound == "lower" and a.bound != "lower":
        return a.value < b.value
    if a.bound or b.bound:
        return False  # two lower bounds, or an upper bound: compatible by construction
    if a.approximate or b.approximate:
        return abs(a.value - b.value) > 0.25 * max(a.value, b.value)
    return abs(a.value - b.value) > 0.02 * max(a.value, b.value)


def figures(claim: ClaimFacts) -> list[tuple[QuantityFact, Measure]]:
    """The claim's figures with their measures (the extractor's quantities, else parsed here)."""
    return list(_figures(claim.content, claim.text, claim.affiliation, claim.quantities))


@lru_cache(maxsize=20_000)
def _figures(
    content: str, sentence: str, affiliation: str | None, quantities: tuple[QuantityFact, ...]
) -> tuple[tuple[QuantityFact, Measure], ...]:
    claim = ClaimFacts(
        id=0, article_id=0, content=content, text=sentence, affiliation=affiliation, quantities=quantities
    )
    text = claim.content or claim.text
    out: list[tuple[QuantityFact, Measure]] = []
    parsed = parse_quantities(text)
    if claim.quantities:
        pairs = [(q, _context_for(text, q, parsed)) for q in claim.quantities]
    else:
        pairs = [(q, text[max(0, s - 40) : e + 60]) for q, s, e in parsed]
    for quantity, context in pairs:
        measure = measure_of(claim, quantity, context)
        if measure is not None:
            out.append((quantity, measure))
    return tuple(out)


def _context_for(text: str, quantity: QuantityFact, parsed: list[tuple[QuantityFact, int, int]]) -> str:
    for q, start, end in parsed:
        if q.value == quantity.value:
            return text[max(0, start - 40) : end + 60]
    return text
