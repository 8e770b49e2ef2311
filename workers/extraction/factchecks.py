"""The outlet's own rebuttals: where the reporter, not a source, says a reported claim is false.

In: the article's claims (sources resolved), its parsed paragraphs and its publisher. Out: one
extra claim per rebuttal, in the outlet's voice (source: the publisher; cue: the words that
rebut; stance ``denial``; ``parent``: the claim it rebuts; ``target``: that claim's source).

Two shapes, both ordinary newswire English:

- framing inside the claim's own sentence: "the state *incorrectly* stated that …", "*Contrary
  to* his claim that …, there would be …", "*Citing an unfounded conspiracy theory*, Doe
  accused …", "Doe accused Roe of …, *though a review of records shows* …";
- a sentence of its own right after the claim: "*That comment is a lie.*", "Voting fraud is,
  *in fact*, very rare."

"Offered no proof" is not a rebuttal (nothing is said to be false), nor is a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from workers.extraction.types import Attribution, SourceRef, Span

CUE_LEMMA = "fact-check"
_ADVERB = re.compile(
    r"\b(?:falsely|incorrectly|wrongly|erroneously|baselessly|mistakenly|inaccurately|misleadingly|"
    r"untruthfully)\b",
    re.IGNORECASE,
)
_CONTRARY = re.compile(
    r"\b(?:contrary to|contradicting|contradicted by|belied by|at odds with)\b", re.IGNORECASE
)
_DISCREDITED = re.compile(
    r"\b(?:an?\s+|the\s+|this\s+|that\s+)?(?:unfounded|baseless|debunked|discredited|unsubstantiated|"
    r"bogus|false|fabricated|fake|groundless|untrue)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:theory|theories|claims?|allegations?|charges?|rumou?rs?|reports?|stor(?:y|ies)|assertions?|"
    r"narratives?|accusations?)\b",
    re.IGNORECASE,
)
_EVIDENCE_AGAINST = re.compile(
    r"\b(?:though|although|even though|but|however|yet)\b,?\s+(?:[\w'’-]+\s+){0,6}?"
    r"(?:records?|data|figures|statistics|documents?|footage|videos?|review|analysis|audit|census|"
    r"fact[- ]check\w*)\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:shows?|showed|shown|indicates?|indicated|suggests?|suggested|reveals?|revealed|contradicts?)\b",
    re.IGNORECASE,
)
_CALLED_FALSE = re.compile(
    r"^(?:but\s+|and\s+)?(?:that|this|the|his|her|their|such|these|those)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:claims?|comments?|statements?|assertions?|remarks?|allegations?|charges?|stor(?:y|ies)|"
    r"figures?|numbers?|accusations?)\s+(?:is|was|are|were)\s+(?:simply\s+|just\s+|also\s+|completely\s+)?"
    r"(?:a\s+lie|lies|false|untrue|not\s+true|wrong|incorrect|inaccurate|baseless|unfounded|"
    r"misleading|bogus)\b",
    re.IGNORECASE,
)
# "..., but that wasn't the case" / "That is not true.": the outlet says what was just
# reported is false, with a pronoun for it.
_NOT_SO = (
    r"(?:that|this|it)\s+(?:was|is|were|are)(?:n['’]t|\s+not)\s+(?:actually\s+|really\s+)?"
    r"""(?:the\s+case|true|so)(?=\s*(?:[.,;!?"”’']|$))"""
)
_BUT_NOT_SO = re.compile(r",\s*(?P<rebuttal>(?:but|yet)\s+" + _NOT_SO + ")", re.IGNORECASE)
_NOT_SO_ALONE = re.compile(r"^(?:but\s+|yet\s+)?" + _NOT_SO, re.IGNORECASE)
_IN_FACT = re.compile(r"(?:^(?:in fact|actually),|,\s+in fact,)", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_COMMON = frozenset({
    "that", "this", "with", "from", "have", "been", "were", "would", "could", "said", "says", "they",
    "their", "there", "which", "about", "into", "than", "then", "them", "also", "very", "more",
    "most", "fact", "actually", "such", "only", "over", "after", "before", "when", "what", "will",
})
_NOT_REBUTTED = frozenset({"denial", "no_comment", "unverified"})  # nothing asserted to call false
NEXT_SENTENCE_CHARS = 400  # how far back a rebuttal of its own may reach for its claim


def _shared_words(a: str, b: str) -> int:
    """Content words (four letters or more, crudely stemmed) that two texts share."""
    def words(text: str) -> set[str]:
        return {w[:5] for w in _WORD.findall(text.lower()) if w not in _COMMON}
    return len(words(a) & words(b))


def _clause_end(sentence: str, start: int) -> int:
    """Where the clause beginning at ``start`` ends: the next comma, semicolon or the end."""
    ends = [i for i in (sentence.find(c, start) for c in (",", ";")) if i >= start]
    return min(ends) if ends else len(sentence.rstrip(" .\"”'’"))


def _framing(sentence: str) -> tuple[int, int, int, int] | None:
    """(cue start, cue end, content start, content end) of a rebuttal framing a claim, in
    sentence offsets, or None. An adverb ("falsely said") is its own content."""
    for pattern in (_EVIDENCE_AGAINST, _DISCREDITED, _CONTRARY, _ADVERB, _BUT_NOT_SO):
        match = pattern.search(sentence)
        if match is None:
            continue
        if pattern is _CONTRARY and match.group(0).lower() == "contrary to":
            # "Contrary to his claim that …, there would be …": the main clause rebuts.
            comma = sentence.find(",", match.end())
            if comma != -1:
                start = comma + 1
                while start < len(sentence) and sentence[start] in " '’”\"":
                    start += 1
                end = len(sentence.rstrip(" ."))
                if start < end:
                    return match.start(), match.end(), start, end
        if pattern is _CONTRARY:
            # "Video shows X, contradicting the police's claim": the clause before rebuts.
            head = sentence[: match.start()].rstrip(" ,")
            if head:
                return match.start(), match.end(), 0, len(head)
            continue
        if pattern is _ADVERB:
            return match.start(), match.end(), match.start(), match.end()
        if pattern is _BUT_NOT_SO:
            start = match.start("rebuttal")
            return start, match.end(), start, match.end()
        return match.start(), match.end(), match.start(), _clause_end(sentence, match.end())
    return None


def _inside(span: Span, spans: Sequence[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def _rebutted(claims: Sequence[tuple[int, Attribution]], cue: Span, content: Span) -> int | None:
    """Of the sentence's claims, the one the rebuttal is about: one with a source, not the
    evidence the rebuttal cites, not a denial itself; outer claims first, then the nearest."""
    best: tuple[bool, int, int] | None = None
    for index, attr in claims:
        if attr.stance in _NOT_REBUTTED or attr.cue_lemma == CUE_LEMMA:
            continue
        if not attr.source or (content != cue and _inside(attr.cue[0], [content])):
            continue
        if _inside(cue, attr.content):
            continue
        distance = min(abs(attr.cue[0].start - cue.start), abs(attr.cue[0].start - cue.end))
        rank = (attr.parent is not None, distance, index)
        if best is None or rank < best:
            best = rank
    return best[2] if best else None


def _source_ref(publisher: str | None) -> SourceRef | None:
    return SourceRef(mention="", resolved=publisher, kind="publisher") if publisher else None


def add_fact_checks(
    attrs: list[Attribution], docs: Sequence[tuple[Any, int]], body: str, publisher: str | None
) -> None:
    """Append a claim in the outlet's voice for every rebuttal found. Mutates ``attrs``; the new
    claims come last, each with ``parent`` pointing at the claim it rebuts."""
    found: list[Attribution] = []
    last: tuple[list[int], int] | None = None  # the latest claim-bearing sentence: claims, end
    for doc, offset in docs:
        for sent in doc.sents:
            s0, s1 = offset + sent.start_char, offset + sent.end_char
            sentence = body[s0:s1]
            here = [(i, a) for i, a in enumerate(attrs)
                    if s0 <= a.cue[0].start < s1 and a.cue_lemma != CUE_LEMMA]
            quoted = any(_inside(Span(s0, s1), a.content) or a.quote_type == "direct" for _, a in here)
            made: Attribution | None = None
            if here and not quoted:
                framing = _framing(sentence)
                if framing is not None:
                    cue = Span(s0 + framing[0], s0 + framing[1])
                    content = Span(s0 + framing[2], s0 + framing[3])
                    target = _rebutted(here, cue, content)
                    if target is not None:
                        made = _claim(attrs[target], target, cue, content, Span(s0, s1), publisher)
            elif not here and last is not None and s0 - last[1] <= NEXT_SENTENCE_CHARS:
                made = _standalone(attrs, last[0], body, Span(s0, s1), publisher)
            if made is not None:
                found.append(made)
            if here:
                last = ([i for i, _ in here], s1)
    attrs.extend(found)


def _standalone(
    attrs: list[Attribution], prior: list[int], body: str, sentence: Span, publisher: str | None
) -> Attribution | None:
    """A sentence of its own rebutting the claims just before it: "That claim is false." points
    at the outer one, "X is, in fact, Y" at the one sharing the most words with it."""
    text = body[sentence.start : sentence.end]
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    marker = _CALLED_FALSE.match(stripped) or _NOT_SO_ALONE.match(stripped)
    marker = marker or _IN_FACT.search(stripped)
    if marker is None:
        return None
    open_claims = [i for i in prior if attrs[i].source and attrs[i].stance not in _NOT_REBUTTED]
    if not open_claims:
        return None

    def said(i: int) -> str:
        return body[attrs[i].content[0].start : attrs[i].content[-1].end]

    if marker.re in (_CALLED_FALSE, _NOT_SO_ALONE):
        chosen = min(open_claims, key=lambda i: (attrs[i].parent is not None, i))
    else:
        chosen = max(open_claims, key=lambda i: (_shared_words(stripped, said(i)), -i))
        if _shared_words(stripped, said(chosen)) == 0:
            return None
    start = sentence.start + lead
    cue = Span(start + marker.start(), start + marker.end())
    content = Span(start, start + len(stripped.rstrip(" .")))
    return _claim(attrs[chosen], chosen, cue, content, sentence, publisher)


def _claim(
    rebutted: Attribution, index: int, cue: Span, content: Span, sentence: Span, publisher: str | None
) -> Attribution:
    return Attribution(
        source=[], cue=[cue], content=[content], sentence=sentence, cue_lemma=CUE_LEMMA,
        stance="denial", quote_type="indirect", source_ref=_source_ref(publisher),
        said_on=rebutted.said_on, confidence=0.6, parent=index, target=list(rebutted.source),
    )
