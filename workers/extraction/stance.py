"""Stance and quote type of a claim, from its cue and the words of its content, and its target.

In: the cue's lexicon entry, the content text, whether the cue is negated and, when the parse
is at hand, the content's tokens (``ContentParse``). Out: a ``Reading`` (one of the ``Stance``
values and the target spans: who an accusation is aimed at, whom a denial clears) and one of
the ``QuoteType`` values from ``types.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from workers.extraction.lexicon import (
    CHARGE_NOUNS,
    DENIAL_MARKERS,
    DENIAL_PHRASES,
    NO_COMMENT_PATTERNS,
    WRONGDOING_NOUNS,
    CueSpec,
)
from workers.extraction.parsetools import Token
from workers.extraction.types import QuoteType, Span, Stance
from workers.extraction.wrongdoing import Act, find_acts, is_party, phrase_span, spans_of

_WORD = re.compile(r"[A-Za-z’'-]+")
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
_SILENT = ("comment", "say", "elaborate", "discuss", "message", "request", "call", "email", "question",
           "inquir", "queries")


@dataclass(frozen=True)
class ContentParse:
    """The parse around one claim: its content tokens, the cue's head and the source spans."""

    tokens: Sequence[Token]
    cue_head: Token | None
    source: list[Span]
    offset: int  # where the paragraph the tokens come from starts in the body


@dataclass(frozen=True)
class Reading:
    """A claim's stance and its target spans (empty when it accuses or clears no one)."""

    stance: Stance
    target: list[Span] = field(default_factory=list)


def _falsity(content: str, tokens: Sequence[Token]) -> bool:
    """The content calls something false: "the reports are untrue", "a hoax", "not true".
    "lie" counts only as a noun ("that is a lie"): as a verb it accuses ("Doe lies")."""
    lowered = " ".join(content.lower().replace("n't", " not").split())
    if any(p in lowered for p in DENIAL_PHRASES):
        return True
    words = {w.lower().strip("’'") for w in _WORD.findall(content)} & DENIAL_MARKERS
    if words - {"lie", "lies"}:
        return True
    return bool(words) and (not tokens or any(
        t.lemma_.lower() == "lie" and t.pos_ == "NOUN" for t in tokens
    ))


def _accused(parse: ContentParse, acts: list[Act]) -> list[Span]:
    """Who an accusation is aimed at: the object of "accused X of" / "blamed X for", the pobj of
    "accusations against X", else the agents of the acts the content names."""
    head = parse.cue_head
    if head is not None:
        for child in head.children:
            if child.dep_ == "dobj" and is_party(child):
                return [phrase_span(child, parse.offset)]
            if child.dep_ == "prep" and child.lower_ == "against":
                obj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return [phrase_span(obj, parse.offset)]
    return spans_of([a.agent for a in acts if not a.negated], parse.offset)


def _cleared(parse: ContentParse, acts: list[Act]) -> list[Span]:
    """Whom a denial clears: the agent of the act it restates ("denied that Doe lied" -> Doe),
    else the subject of the restated clause when that is a party, else the speaker ("denied
    the charge")."""
    agents = [a.agent for a in acts]
    if any(agents):
        return spans_of(agents, parse.offset)
    ids = {t.i for t in parse.tokens}
    heads = [t for t in parse.tokens if t.head.i not in ids or t.head == t]
    if any(t.lemma_.lower() in CHARGE_NOUNS for t in heads):
        return list(parse.source)
    for tok in parse.tokens:
        subject = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.i in ids and is_party(tok)
        if subject and (tok.head.dep_ in ("ccomp", "ROOT", "conj") or tok.head == parse.cue_head):
            return [phrase_span(tok, parse.offset)]
    return list(parse.source)


def _charge_words(lowered: str) -> bool:
    return any(w in lowered for w in ("allegation", "accus", "claim", "report", "charge"))


def classify_stance(
    spec: CueSpec, content: str, *, cue_text: str, negated: bool, parse: ContentParse | None = None,
) -> Reading:
    """Cue entry + content (+ its parse) -> stance and target.

    The cue's own stance wins (deny, accuse, estimate, decline to comment); a plain reporting
    cue becomes a denial when the content calls something false ("untrue", "a hoax", "never
    happened") or negates an act of wrongdoing or an accusation ("Doe did not shell the town"),
    an accusation when the content pins an act of wrongdoing on someone ("Doe lied", "she was
    groped by Roe", "Russia was behind the hacks"), and an estimate when its figures are hedged.
    """
    lowered = content.lower()
    tokens = parse.tokens if parse is not None else ()
    if spec.stance == "no_comment":
        silent = "comment" in spec.frames or any(w in lowered for w in _SILENT)
        return Reading("no_comment" if silent else "assertion")
    if any(p in (cue_text + " " + lowered) for p in NO_COMMENT_PATTERNS):
        return Reading("no_comment")
    acts = list(find_acts(tokens))
    if spec.stance == "accusation" and not negated:
        return Reading("accusation", _accused(parse, acts) if parse is not None else [])
    if spec.stance == "denial" and not negated:
        return Reading("denial", _cleared(parse, acts) if parse is not None else [])
    if spec.stance == "estimate":
        return Reading("estimate")
    if spec.cls == "intention":
        return Reading("estimate" if _ESTIMATE.search(content) else "assertion")
    denied = [a for a in acts if a.negated]
    if _falsity(content, tokens) or denied or (
        spec.cls == "communication" and _NEGATED_CLAIM.search(content) and (
            _charge_words(lowered) or "not true" in lowered or "not violating" in lowered
            or "were not" in lowered
        )
    ):
        return Reading("denial", _cleared(parse, denied or acts) if parse is not None else [])
    charged = [a for a in acts if a.agent is not None or a.token.lemma_.lower() not in WRONGDOING_NOUNS]
    if charged:
        return Reading("accusation", spans_of([a.agent for a in charged], parse.offset) if parse else [])
    if _ESTIMATE.search(content):
        return Reading("estimate")
    return Reading("assertion")


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
