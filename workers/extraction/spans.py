"""From token indices to character spans: contiguous runs, punctuation trimming, quote snapping.

In: a parsed paragraph, its offset in the body, token index sets from ``cues.py`` and the
paragraph's quotation regions. Out: ``Span`` lists whose ``body[start:end]`` is the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from workers.extraction.text import is_quote_char
from workers.extraction.types import Span

_APPOSITION_MARKS = frozenset({",", "--", "—", "–"})
_EDGE_WORDS = frozenset({"and", "but", "or", "so"})
_CONNECTIVES = frozenset({"however", "meanwhile", "moreover", "furthermore", "still", "yet", "indeed",
                          "instead", "nevertheless", "nonetheless", "also", "then", "now", "thus",
                          "therefore", "besides", "otherwise", "similarly", "likewise", "separately",
                          "overall", "first", "second", "finally", "today", "yesterday"})


def _is_trimmable(tok: Any, *, quotes: bool = False) -> bool:
    """Whitespace and edge punctuation (quotation marks only when ``quotes``); never ? ! % $."""
    if tok.is_space:
        return True
    if tok.is_punct and (quotes or not (any(is_quote_char(c) for c in tok.text) or tok.text == "''")):
        return tok.text not in ("?", "!", "%", "$")
    return False


def token_runs(ids: Iterable[int]) -> list[tuple[int, int]]:
    """Token indices -> sorted inclusive runs of consecutive indices."""
    runs: list[tuple[int, int]] = []
    for i in sorted(set(ids)):
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def trim_run(
    doc: Any, lo: int, hi: int, *, edge_words: bool = False, quotes: bool = False
) -> tuple[int, int] | None:
    """Drop punctuation and whitespace tokens at both ends of a run.

    Quotation marks go only when ``quotes`` (sources and cues); a closing bracket stays when
    its opening bracket is in the run ("Sen. Lindsey Graham (R-S.C.)").
    """
    while lo <= hi and (
        _is_trimmable(doc[lo], quotes=quotes) or (edge_words and _is_connective(doc, lo, hi))
    ):
        lo += 1
    while hi >= lo and _is_trimmable(doc[hi], quotes=quotes):
        if doc[hi].text == ")" and any(doc[k].text == "(" for k in range(lo, hi)):
            break
        hi -= 1
    return (lo, hi) if lo <= hi else None


def _is_connective(doc: Any, lo: int, hi: int) -> bool:
    """A sentence connective at the start of a content ("However, ...", "and ...")."""
    word = doc[lo].lower_
    if word in _EDGE_WORDS:
        return True
    return word in _CONNECTIVES and lo + 1 <= hi and doc[lo + 1].text == ","


def char_span(doc: Any, offset: int, lo: int, hi: int) -> Span:
    """Inclusive token run -> character span in the body."""
    return Span(offset + doc[lo].idx, offset + doc[hi].idx + len(doc[hi].text))


def merge_spans(spans: Iterable[Span], body: str) -> list[Span]:
    """Sorted, with overlapping or whitespace-separated neighbours joined."""
    out: list[Span] = []
    for span in sorted(spans):
        if out and (span.start <= out[-1].end or not body[out[-1].end : span.start].strip()):
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out


def snap_to_quotes(spans: list[Span], regions: list[Span], keep_out: list[Span]) -> list[Span]:
    """Grow each span over any quotation it overlaps, so quotes keep their marks and run on.

    A quotation that holds a ``keep_out`` span (the cue or source) is not grown over: the
    attribution is nested inside it.
    """
    out: list[Span] = []
    for span in spans:
        start, end = span.start, span.end
        for region in regions:
            if region.end <= start or region.start >= end:
                continue
            if any(region.start <= k.start < region.end for k in keep_out):
                continue
            start, end = min(start, region.start), max(end, region.end)
        out.append(Span(start, end))
    return out


def content_spans(
    doc: Any, offset: int, ids: set[int], regions: list[Span], keep_out: list[Span], body: str
) -> list[Span]:
    """Content token ids -> trimmed, quote-snapped character spans, pieces in text order."""
    pieces: list[Span] = []
    for lo, hi in token_runs(ids):
        trimmed = trim_run(doc, lo, hi, edge_words=True)
        if trimmed is not None:
            pieces.append(char_span(doc, offset, *trimmed))
    pieces = merge_spans(snap_to_quotes(pieces, regions, keep_out), body)
    for hole in keep_out:
        cut: list[Span] = []
        for p in pieces:
            if p.start < hole.end and hole.start < p.end:
                cut.extend(s for s in (Span(p.start, hole.start), Span(hole.end, p.end)) if s.end > s.start)
            else:
                cut.append(p)
        pieces = cut
    return _strip_outer_punct(pieces, body)


def _strip_outer_punct(spans: list[Span], body: str) -> list[Span]:
    """Drop spaces, commas, semicolons, colons and dashes left at the ends of content pieces."""
    out = []
    for span in spans:
        start, end = span.start, span.end
        while start < end and (body[start].isspace() or body[start] in ",;:—–"):
            start += 1
        while end > start and (body[end - 1].isspace() or body[end - 1] in ",;:—–"):
            end -= 1
        if end > start:
            out.append(Span(start, end))
    return out


def run_span(
    doc: Any, offset: int, ids: Iterable[int], *, before: int | None = None, colon: bool = False
) -> list[Span]:
    """Source or cue token ids -> one span from the first to the last token, trimmed.

    With ``before`` (the cue's first token), a source in front of its cue that holds an
    apposition keeps the comma closing it ("Mr. King, 82, said"), as annotators draw it.
    """
    ids = sorted(ids)
    if not ids:
        return []
    trimmed = trim_run(doc, ids[0], ids[-1], quotes=True)
    if trimmed is None:  # a cue that is only punctuation: "Name: ...", "Name ― ..."
        return [char_span(doc, offset, ids[0], ids[-1])] if colon else []
    lo, hi = trimmed
    if colon and hi + 1 <= ids[-1] and doc[hi + 1].text == ":":
        hi += 1  # "said:" -- a colon that introduces the content belongs to the cue
    if (
        before is not None
        and hi + 1 < before
        and doc[hi + 1].text in _APPOSITION_MARKS
        and any(doc[k].text == doc[hi + 1].text for k in range(lo, hi))
    ):
        hi += 1
    return [char_span(doc, offset, lo, hi)]
