"""Stance and quote type of a claim, from its cue and the words of its content.

In: the cue's lexicon entry, the content text, and whether the cue is negated. Out: one of the
``Stance`` values and one of the ``QuoteType`` values from ``types.py``.
"""

from __future__ import annotations

import re

from workers.extraction.lexicon import DENIAL_MARKERS, NO_COMMENT_PATTERNS, CueSpec
from workers.extraction.types import QuoteType, Span, Stance

_WORD = re.compile(r"[A-Za-z’']+")
_NEGATED_CLAIM = re.compile(
    r"\b(?:not true|not the case|never happened|no truth|not (?:been )?(?:violating|involved|responsible|"
    r"targeting|shelling|attacking)|were not|was not|is not|are not|did not|does not|do not|"
    r"has not|have not|had not)\b",
    re.IGNORECASE,
)
_ESTIMATE = re.compile(
    r"\b(?:estimat\w*|about|around|approximately|roughly|nearly|up to|at least|more than|some|almost)"
    r"\s+(?:[\d,.]+|\w+ (?:hundred|thousand|million))",
    re.IGNORECASE,
)


def classify_stance(spec: CueSpec, content: str, *, cue_text: str, negated: bool) -> Stance:
    """Cue entry + content text -> stance.

    The cue's own stance wins (deny, accuse, estimate, decline to comment); a plain reporting
    cue becomes a denial when the content calls something false or negates an accusation, and
    an estimate when its figures are hedged ("about 5,000", "estimated").
    """
    lowered = content.lower()
    if spec.stance == "no_comment":
        silent = any(w in lowered for w in ("comment", "say", "elaborate", "discuss"))
        return "no_comment" if silent else "assertion"
    if any(p in (cue_text + " " + lowered) for p in NO_COMMENT_PATTERNS):
        return "no_comment"
    if spec.stance in ("denial", "accusation") and not negated:
        return spec.stance
    if spec.stance == "estimate":
        return "estimate"
    words = {w.lower().strip("’'") for w in _WORD.findall(content)}
    if words & DENIAL_MARKERS:
        return "denial"
    if spec.cls == "communication" and _NEGATED_CLAIM.search(content) and (
        "allegation" in lowered or "accus" in lowered or "claim" in lowered or "report" in lowered
        or "not true" in lowered or "not violating" in lowered or "were not" in lowered
    ):
        return "denial"
    if _ESTIMATE.search(content):
        return "estimate"
    return "assertion"


def classify_quote_type(body: str, content: list[Span], regions: list[Span]) -> QuoteType:
    """Content spans + quotation regions -> direct (all quoted), mixed (partly) or indirect."""
    total = sum(span.end - span.start for span in content)
    quoted = 0
    for span in content:
        for region in regions:
            lo, hi = max(span.start, region.start), min(span.end, region.end)
            if hi > lo:
                quoted += hi - lo
    if total == 0 or quoted == 0:
        return "indirect"
    # Quotation marks and a little punctuation outside them still read as a direct quote.
    return "direct" if quoted >= 0.9 * total else "mixed"
