"""Text handling before parsing: paragraphs, boilerplate and quotation regions, all with offsets.

Everything here works on the body exactly as submitted; offsets are Python string indices,
end exclusive, so ``body[start:end]`` is always the text a span stands for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workers.extraction.types import Span

# "YEREVAN/BAKU (Reuters) – ", "MOSCOW/YELPIN, Armenia (Reuters) - ", "WASHINGTON — ".
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z.'’-]*(?:[ /][A-Z][A-Z.'’-]*)*)"  # capitalised place names
    r"(?:,\s+[A-Z][A-Za-z.'’]+(?:\s+[A-Z][A-Za-z.'’]+)*)?"  # ", Armenia"
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # ", Oct. 4"
    r"(?:\s*\([A-Za-z&. ]{2,30}\))?"  # "(Reuters)"
    r"\s*[-–—]{1,2}\s+"
)
_CREDIT = re.compile(
    r"^\s*\(?\s*(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Additional reporting)"
    r"\s+by\b.*\)?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]+(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]+){0,8}\s*$")
_CAPTION = re.compile(
    r"(?:^\s*(?:FILE\s+PHOTO|PHOTO|Photo|Picture|Caption|Graphic|GRAPHIC|Factbox|FACTBOX|Video|"
    r"VIDEO|Related|RELATED|READ MORE|Read more)\b\s*:)|(?:^\s*(?:FILE\s+PHOTO|PHOTO)\b)|"
    r"(?:\b(?:REUTERS|AP|AFP|Getty Images)/[A-Z])"
)
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body: its span and the part of it that may hold claims."""

    span: Span
    text_span: Span  # after any dateline prefix; empty when the paragraph is furniture
    boilerplate: Span | None  # the furniture part (dateline, credit line, caption, heading)


def split_paragraphs(body: str) -> list[Span]:
    """Body -> spans of its paragraphs (runs of text between line breaks), whitespace trimmed."""
    spans: list[Span] = []
    for match in re.finditer(r"[^\n]+", body):
        start, end = match.start(), match.end()
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end))
    return spans


def _is_heading(text: str) -> bool:
    """A short paragraph in capitals: a section heading."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(text.split()) <= 10 and all(c.isupper() for c in letters)


def _is_headline(text: str, index: int) -> bool:
    """A first paragraph with no sentence-final punctuation reads as a title line."""
    return index == 0 and len(text.split()) <= 25 and not re.search(r"[.!?\"”’]\s*$", text)


def classify_paragraphs(body: str) -> list[Paragraph]:
    """Body -> paragraphs, with datelines, bylines, captions, headings and credits marked.

    Furniture never yields claims. A dateline only removes the prefix of its paragraph.
    """
    out: list[Paragraph] = []
    for index, span in enumerate(split_paragraphs(body)):
        text = body[span.start : span.end]
        if (
            _CREDIT.match(text)
            or _BYLINE.match(text)
            or _CAPTION.search(text)
            or _is_heading(text)
            or _is_headline(text, index)
        ):
            out.append(Paragraph(span, Span(span.end, span.end), span))
            continue
        match = _DATELINE.match(text) if index < 3 else None
        if match and len(match.group(0).split()) <= 8:
            cut = span.start + match.end()
            out.append(Paragraph(span, Span(cut, span.end), Span(span.start, cut)))
        else:
            out.append(Paragraph(span, span, None))
    return out


def quote_regions(text: str, offset: int = 0) -> list[Span]:
    """Paragraph text -> spans of its quotations, quotation marks included.

    Curly quotes pair by direction; straight double quotes and doubled apostrophes toggle.
    A quotation still open at the end of the paragraph runs to its end (the newswire habit of
    leaving a quote open when it continues in the next paragraph).
    """
    regions: list[Span] = []
    start: int | None = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        width = 1
        if ch == "'" and i + 1 < n and text[i + 1] == "'":
            width = 2
            kind = "toggle"
        elif ch == '"':
            kind = "toggle"
        elif ch in _OPEN_QUOTES:
            kind = "open"
        elif ch in _CLOSE_QUOTES:
            kind = "close"
        else:
            i += 1
            continue
        if start is None:
            if kind != "close":
                start = i
        elif kind != "open":
            regions.append(Span(offset + start, offset + i + width))
            start = None
        else:
            start = i  # a stray unclosed quote: restart at the new opening mark
        i += width
    if start is not None and n - start > 1:
        regions.append(Span(offset + start, offset + n))
    return regions


def is_quote_char(ch: str) -> bool:
    """True for any double quotation mark this module pairs."""
    return ch in _OPEN_QUOTES or ch in _CLOSE_QUOTES or ch == '"'
