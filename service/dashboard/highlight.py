"""Render an article body with highlighted spans as safe HTML; a pure function, no Flask.

Spans are ``(start, end)`` Python string offsets into the body, end exclusive. They may nest
(a claim quoted inside another claim's content) or cross (two claims sharing words). The
renderer keeps the HTML well formed in every case: properly nested spans become nested
elements, and a span that crosses another is split into fragments that carry the same
``data-span`` id. Every element carries ``data-start``/``data-end``, the offsets of the text
it wraps, so ``body[data-start:data-end]`` is always that element's text.

All text and attribute values are escaped; the body is never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# Which role sits outermost when two spans cover exactly the same characters.
ROLE_ORDER = {"content": 0, "source": 1, "cue": 2}


@dataclass(frozen=True)
class Highlight:
    """One span to highlight: ``role`` becomes the CSS class ``hl-<role>``."""

    start: int
    end: int
    role: str
    span_id: str
    title: str = ""
    described_by: str | None = None
    attrs: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _Open:
    highlight: Highlight
    fragment_start: int
    slot: int  # index in the output list where the opening tag goes once its end is known


def _open_tag(h: Highlight, start: int, end: int, *, fragment: bool) -> str:
    classes = f"hl hl-{h.role}" + (" hl-fragment" if fragment else "")
    parts = [
        f'<mark class="{escape(classes)}"',
        f' data-span="{escape(h.span_id)}"',
        f' data-role="{escape(h.role)}"',
        f' data-start="{start}" data-end="{end}"',
        ' tabindex="0"',
    ]
    if h.title:
        parts.append(f' title="{escape(h.title)}"')
    if h.described_by:
        parts.append(f' aria-describedby="{escape(h.described_by)}"')
    for name, value in sorted(h.attrs.items()):
        if name.replace("-", "").isalnum():
            parts.append(f' {escape(name)}="{escape(value)}"')
    parts.append(">")
    return "".join(parts)


def _valid(highlights: Iterable[Highlight], length: int) -> list[Highlight]:
    """Drop empty spans and clip to the body; out-of-range offsets never raise."""
    kept = []
    for h in highlights:
        start, end = max(0, h.start), min(length, h.end)
        if start >= end:
            continue
        if (start, end) != (h.start, h.end):
            h = Highlight(start, end, h.role, h.span_id, h.title, h.described_by, h.attrs)
        kept.append(h)
    return kept


def render_highlights(body: str, highlights: Sequence[Highlight]) -> Markup:
    """Return ``body`` as escaped HTML with each highlight wrapped in a ``<mark>``.

    Longer spans open first (outermost); at equal extent content wraps source wraps cue.
    When a span must close while shorter, later-opened spans are still open, those are
    closed and reopened after it, so crossing spans are split instead of mis-nested.
    """
    spans = _valid(highlights, len(body))
    spans.sort(key=lambda h: (h.start, -h.end, ROLE_ORDER.get(h.role, 9), h.span_id))
    points = sorted({0, len(body)} | {h.start for h in spans} | {h.end for h in spans})
    out: list[str] = []
    stack: list[_Open] = []
    next_span = 0

    def close(entry: _Open, at: int) -> None:
        h = entry.highlight
        split = entry.fragment_start != h.start or at != h.end
        out[entry.slot] = _open_tag(h, entry.fragment_start, at, fragment=split)
        out.append("</mark>")

    for i, pos in enumerate(points):
        # Close every span ending here, splitting any span opened inside it that runs on.
        if any(e.highlight.end == pos for e in stack):
            reopen: list[_Open] = []
            while any(e.highlight.end == pos for e in stack):
                entry = stack.pop()
                close(entry, pos)
                if entry.highlight.end != pos:
                    reopen.append(entry)
            for entry in reversed(reopen):
                out.append("")
                stack.append(_Open(entry.highlight, pos, len(out) - 1))
        # Open the spans starting here, outermost first.
        while next_span < len(spans) and spans[next_span].start == pos:
            out.append("")
            stack.append(_Open(spans[next_span], pos, len(out) - 1))
            next_span += 1
        if i + 1 < len(points):
            out.append(str(escape(body[pos : points[i + 1]])))
    return Markup("".join(out))


def claim_highlights(
    claim_id: int,
    spans: Mapping[str, object],
    *,
    title: str = "",
    described_by: str | None = None,
) -> list[Highlight]:
    """The source, cue and content highlights of one claim's stored ``spans`` JSON."""
    result: list[Highlight] = []
    for role in ("content", "source", "cue"):
        pairs = spans.get(role) or []
        if not isinstance(pairs, list):
            continue
        for n, pair in enumerate(pairs):
            if not (isinstance(pair, list | tuple) and len(pair) == 2):
                continue
            start, end = int(pair[0]), int(pair[1])
            result.append(
                Highlight(
                    start,
                    end,
                    role,
                    f"c{claim_id}-{role}-{n}",
                    title=title,
                    described_by=described_by,
                    attrs={"data-claim": str(claim_id)},
                )
            )
    return result
