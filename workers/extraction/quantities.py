"""Typed numbers in a claim: "1,177 of its troops have been killed" -> 1177, troops, killed.

In: the parsed tokens of a claim's content. Out: ``Quantity`` objects with body offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from workers.extraction.types import Quantity, Span

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "dozens": 24, "hundreds": 200, "thousands": 2000,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_APPROX = frozenset({"about", "around", "approximately", "roughly", "nearly", "almost", "some", "over",
                     "estimated", "least", "than", "up", "dozens", "hundreds", "thousands"})
_NUMERIC = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")


def parse_number(text: str) -> float | None:
    """"1,177" -> 1177.0, "two" -> 2.0, "2.5" -> 2.5; anything else -> None."""
    cleaned = text.replace(",", "")
    if _NUMERIC.match(text):
        try:
            return float(cleaned)
        except ValueError:
            return None
    return float(_WORD_NUMBERS[text.lower()]) if text.lower() in _WORD_NUMBERS else None


def _unit_and_measure(tok: Any) -> tuple[str | None, str | None]:
    """What a number counts ("troops") and what happened to them ("killed"), from the parse."""
    noun = tok.head if tok.dep_ in ("nummod", "quantmod") else tok
    for child in tok.children:  # "1,177 of its troops"
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                noun = objs[0]
    unit = noun.lemma_.lower() if noun.i != tok.i and noun.pos_ in ("NOUN", "PROPN") else None
    if unit is not None:
        unit = noun.text.lower()
    measure = None
    anchor = noun
    head = anchor.head
    for _ in range(3):
        if head.pos_ == "VERB":
            measure = head.text.lower()
            break
        if head.head.i == head.i:
            break
        head = head.head
    for child in anchor.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            measure = child.text.lower()
    return unit, measure


def find_quantities(tokens: Iterable[Any], offset: int) -> list[Quantity]:
    """Content tokens (in text order) + paragraph offset -> typed quantities."""
    out: list[Quantity] = []
    for tok in tokens:
        if not tok.like_num or (tok.dep_ == "compound" and tok.head.like_num):
            continue
        value = parse_number(tok.text)
        if value is None or (_YEARLIKE.match(tok.text) and tok.dep_ not in ("nummod",)):
            continue
        end_tok = tok
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in _SCALES:
            value *= _SCALES[nxt.lower_]
            end_tok = nxt
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        approx = prev is not None and prev.lower_ in _APPROX
        unit, measure = _unit_and_measure(tok)
        span = Span(offset + tok.idx, offset + end_tok.idx + len(end_tok.text))
        out.append(Quantity(value, span, unit, measure, approx))
    return out
