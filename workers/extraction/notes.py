"""The publisher's own notes: "Reuters could not independently verify the reports".

In: the article's claims and parsed paragraphs. Out: an ``unverified`` claim per note (source:
the publisher as written, when named) and ``unverified_note`` set on the claims it covers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from workers.extraction.dates import resolve_said_on
from workers.extraction.parsetools import doc_text
from workers.extraction.types import Attribution, Span

_NOTE = re.compile(
    r"\b(?:could\s+not|couldn[’']t|cannot|can\s*not|was\s+unable|were\s+unable|is\s+unable|"
    r"was\s+not\s+able|has\s+not\s+been\s+able|have\s+not\s+been\s+able|had\s+no\s+way)"
    r"(?:\s+(?:immediately|independently|to))*\s+(?:independently\s+)?"
    r"(?:verify|confirm|corroborate|authenticate)\w*",
    re.IGNORECASE,
)
_COVER_PARAGRAPHS = 2


def apply_publisher_notes(
    attrs: list[Attribution],
    docs: Sequence[tuple[Any, int]],
    body: str,
    publisher: str | None,
    published: date | None,
) -> None:
    """Find "could not verify" notes, add them as ``unverified`` claims and mark covered claims.

    A note covers the claims in its own paragraph before it and in the paragraphs just before
    that (the reports it calls "these"). Mutates ``attrs`` in place.
    """
    para_starts = [offset for _, offset in docs]
    for index, (doc, offset) in enumerate(docs):
        if _NOTE.search(doc_text(doc, body, offset)) is None:
            continue
        for sent in doc.sents:
            match = _NOTE.search(sent.text)
            if match is None:
                continue
            s0 = offset + sent.start_char
            cue = Span(s0 + match.start(), s0 + match.end())
            subject = body[s0 : cue.start].strip(" ,")
            source = [Span(s0, s0 + len(body[s0 : cue.start].rstrip(" ,")))] if subject else []
            named_other = publisher and publisher.lower() not in subject.lower()
            if subject and named_other and len(subject.split()) > 4:
                source = []
            tail = body[cue.end : offset + sent.end_char]
            stripped = tail.rstrip(" .")
            lead = len(tail) - len(tail.lstrip())
            content = [Span(cue.end + lead, cue.end + len(stripped))] if stripped.strip() else [cue]
            note_text = body[s0 : offset + sent.end_char]
            attrs[:] = [a for a in attrs if not (cue.start <= a.cue[0].start < cue.end)]
            first = para_starts[max(0, index - _COVER_PARAGRAPHS)]
            for attr in attrs:
                if first <= attr.cue[0].start < cue.start and attr.stance not in ("unverified", "no_comment"):
                    attr.unverified_note = note_text
            attrs.append(Attribution(
                source=source, cue=[cue], content=content, sentence=Span(s0, offset + sent.end_char),
                cue_lemma="verify", stance="unverified", quote_type="indirect",
                said_on=resolve_said_on(note_text, published), confidence=0.9,
            ))
