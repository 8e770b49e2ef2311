"""Quotations that run on after the cue: '"A," he said. "B."' gives the speaker both A and B.

In: a paragraph's claims (content already snapped to quotation regions), its parse and its
quotation regions. Out: the same claims, with following cue-less quotations appended to the
content of the direct quote they continue.
"""

from __future__ import annotations

import re
from typing import Any

from workers.extraction.lexicon import REPORT_THRESHOLD
from workers.extraction.types import Attribution, Span

_BRIDGE_CHARS = 120
_QUOTE_CHARS = re.compile(r"[“”\"]|''")
_STOPS = re.compile(r"[.!?](?:\s|$)")

# '"...”― Jane Roe.' -- a quotation signed with a dash and a short name ending the paragraph.
_SIGNED = re.compile(r"[”\"]\s*([―—–]|--)\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]*)\.?\s*$")


def continue_quotes(attrs: list[Attribution], doc: Any, offset: int, regions: list[Span], body: str) -> None:
    """Append each quotation that opens a sentence with no cue of its own to the preceding claim.

    Only a claim whose content already holds a quotation is continued, and only by the next
    quotation of the same paragraph when nothing but whitespace and the rest of the cue
    sentence separates them. Mutates ``attrs`` in place.
    """
    if not attrs or not regions:
        return
    outer = [a for a in attrs if is_outer(a, regions)]
    cue_starts = sorted(a.cue[0].start for a in outer)
    for region in regions:
        if any(region.start < c.end and c.start < region.end for a in outer for c in a.content):
            continue
        previous = [a for a in outer if a.cue[0].end <= region.start and a.content[-1].end <= region.start]
        if not previous:
            continue
        quoted = [a for a in previous if any(_touches_quote(c, regions) for c in a.content)]
        if not quoted:
            continue
        last = max(quoted, key=lambda a: a.cue[0].start)
        gap = body[max(last.sentence.end, last.content[-1].end, last.cue[-1].end) : region.start]
        if not _bridgeable(gap) or any(last.sentence.end <= c < region.start for c in cue_starts):
            continue
        last.content.append(region)
        last.sentence = Span(last.sentence.start, max(last.sentence.end, region.end))


def _bridgeable(gap: str) -> bool:
    """Nothing, or one short sentence of narration, between a quotation and its continuation."""
    text = gap.strip()
    if not text:
        return True
    return len(text) <= _BRIDGE_CHARS and not _QUOTE_CHARS.search(text) and len(_STOPS.findall(text)) <= 1


def is_outer(attr: Attribution, regions: list[Span]) -> bool:
    """A confident claim whose cue stands outside every quotation (not someone's quoted words)."""
    quoted = any(r.start <= attr.cue[0].start < r.end for r in regions)
    return attr.confidence >= REPORT_THRESHOLD and not quoted


def continue_across_paragraphs(last: Attribution | None, regions: list[Span], para: Span) -> bool:
    """A paragraph that is one quotation with no cue continues the direct quote that closed the
    paragraph before it. Returns True when ``last`` was continued (mutated in place)."""
    if last is None or not regions or regions[0].start != para.start:
        return False
    region = regions[0]
    if region.end < para.end - 1:
        return False
    last.content.append(region)
    return True


def _touches_quote(span: Span, regions: list[Span]) -> bool:
    """True when ``span`` overlaps any quotation."""
    return any(r.start < span.end and span.start < r.end for r in regions)


def signed_quotes(text: str, offset: int, regions: list[Span]) -> list[tuple[Span, Span, Span]]:
    """Paragraph text -> (source, cue, content) spans of a quotation signed after a dash.

    ``"We will stay." ― Jane Roe`` gives source "Jane Roe", cue "―" and the quotation.
    """
    match = _SIGNED.search(text)
    if match is None:
        return []
    close = offset + match.start() + 1
    quote = next((r for r in regions if r.end == close), None)
    if quote is None:
        return []
    cue = Span(offset + match.start(1), offset + match.end(1))
    source = Span(offset + match.start(2), offset + match.end(2))
    return [(source, cue, quote)]
