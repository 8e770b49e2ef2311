"""Figures in claims: what is counted, whose, and when two figures cannot both be right.

A figure's *measure* is (what happened, who it happened to, whose side they are on): "1,177 of
its troops have been killed" is (killed, military, the source's own side); "5,000 deaths on both
sides" is (killed, people, both). Two figures conflict only when the measure is the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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
    if {a.measure, b.measure} == {GAIN, LOSS}:
        return True  # a plan cannot both raise and cost money over the same years
    if a.bound == "lower" and b.bound != "lower":
        return b.value < a.value
    if b.bound == "lower" and a.bound != "lower":
        return a.value < b.value
    if a.bound or b.bound:
        return False  # two lower bounds, or an upper bound: compatible by construction
    if a.approximate or b.approximate:
        return abs(a.value - b.value) > 0.25 * max(a.value, b.value)
    return abs(a.value - b.value) > 0.02 * max(a.value, b.value)


# Money a plan or policy brings in or costs over a period: "would raise $2 billion over the
# next decade" / "would cost the city $900 million over 10 years".
BUDGET = "budget"  # the measure's name; its unit says over how many years
GAIN, LOSS = "revenue raised", "revenue lost"
_MONEY = re.compile(r"\$\s?(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>trillion|billion|million)\b", re.I)
_GAIN_VERB = re.compile(
    r"\b(?:raise[sd]?|raising|add(?:s|ed|ing)?|generat(?:e|es|ed|ing)|brings? in|brought in|"
    r"collect(?:s|ed|ing)?|increase revenues? by)\b", re.I
)
_LOSS_VERB = re.compile(
    r"\b(?:cost(?:s|ing)?|los(?:e|es|t|ing)|drain(?:s|ed)?|reduce revenues? by|cut revenues? by)\b", re.I
)
_TO_DEBT = re.compile(r"^\s*(?:to|onto) (?:the )?(?:deficits?|debt)\b", re.I)
_PERIOD = re.compile(
    r"\bover (?:the next |the |a )?(?:(?P<n>\d+|ten|five|twenty) years|(?P<decade>decade))", re.I
)
_SCALE = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
_YEARS = {"ten": 10, "five": 5, "twenty": 20}
_VERB_REACH = 40  # characters before an amount in which its verb stands


def _money(match: re.Match[str]) -> float:
    """The sum a :data:`_MONEY` match writes ("$1.1 trillion" -> 1.1e12)."""
    return float(match.group("num")) * _SCALE[match.group("mult").lower()]


def budget_figures(text: str) -> list[tuple[QuantityFact, Measure]]:
    """Amounts of money a claim says a plan raises or costs over a stated period, each with the
    measure (budget effect over N years). An amount with no such verb or no period is left out."""
    period = _PERIOD.search(text)
    if period is None:
        return []
    count = period.group("n")
    years = 10 if period.group("decade") else _YEARS.get(count.lower()) or int(count)
    out: list[tuple[QuantityFact, Measure]] = []
    for match in _MONEY.finditer(text):
        before = text[max(0, match.start() - _VERB_REACH) : match.start()]
        gains, losses = list(_GAIN_VERB.finditer(before)), list(_LOSS_VERB.finditer(before))
        if not gains and not losses:
            continue
        last_gain = gains[-1].end() if gains else -1
        last_loss = losses[-1].end() if losses else -1
        lost = last_loss > last_gain or bool(_TO_DEBT.match(text[match.end() :]))
        measure = LOSS if lost else GAIN
        quantity = QuantityFact(value=_money(match), unit="dollars", measure=measure, approximate=True)
        out.append((quantity, Measure(BUDGET, f"over {years} years", None)))
    return out


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
    out.extend(budget_figures(text))
    if not out:
        out.extend(_anaphoric_figures(claim.content, claim.text, affiliation))
    return tuple(out)


# "… would raise $1.1 trillion over a decade, while the foundation puts the figure at $498
# billion": a figure named only as "the figure" counts the measure given before it in its sentence.
_ANAPHORIC = re.compile(
    r"^\s*(?:the|that|this|its|their) (?:figure|number|total|sum|amount|tally|count)\b", re.I
)


def _anaphoric_figures(
    content: str, sentence: str, affiliation: str | None
) -> list[tuple[QuantityFact, Measure]]:
    """The figure of a content that opens with "the figure" / "the number", measured the way
    the first figure earlier in the same sentence is; nothing when there is none."""
    start = sentence.find(content) if content else -1
    if not _ANAPHORIC.match(content) or start <= 0:
        return []
    earlier = _figures(sentence[:start], "", affiliation, ())
    if not earlier:
        return []
    first, measure = earlier[0]
    money = _MONEY.search(content)
    if money is not None:
        return [(replace(first, value=_money(money), approximate=True, bound=None), measure)]
    parsed = parse_quantities(content)
    if not parsed:
        return []
    own = parsed[0][0]
    return [(replace(own, measure=first.measure, unit=own.unit or first.unit), measure)]


def _context_for(text: str, quantity: QuantityFact, parsed: list[tuple[QuantityFact, int, int]]) -> str:
    for q, start, end in parsed:
        if q.value == quantity.value:
            return text[max(0, start - 40) : end + 60]
    return text
