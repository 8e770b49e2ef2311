"""The extraction pipeline for one article: parsed paragraphs in, ``ArticleExtraction`` out.

Steps, each pure and idempotent: classify paragraphs (``text.py``) -> parse the claim-bearing
paragraphs (spaCy, batched by the caller) -> find cue candidates (``cues.py``) -> draw spans
(``spans.py``) -> continue quotations (``quotes.py``) -> stance, quote type, date, quantities
-> publisher notes -> nesting -> source resolution (``sources.py``) -> the outlet's own
rebuttals (``factchecks.py``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
from spacy.attrs import IDX, LEMMA, LOWER, POS, SENT_START

from workers.extraction.candidates import Candidate
from workers.extraction.coreference import link_mentions
from workers.extraction.cues import find_candidates
from workers.extraction.dates import resolve_said_on
from workers.extraction.factchecks import add_fact_checks
from workers.extraction.lexicon import VERB_CUES, CueSpec
from workers.extraction.mentions import article_mentions
from workers.extraction.notes import apply_publisher_notes
from workers.extraction.parsetools import doc_text
from workers.extraction.quantities import find_quantities
from workers.extraction.quotes import (
    continue_across_paragraphs,
    continue_quotes,
    is_outer,
    signed_quotes,
)
from workers.extraction.restatement import mark_restatements
from workers.extraction.sources import FIRST_PERSON, Mention, plural_noun, remember, resolve_source
from workers.extraction.spans import content_spans, run_span
from workers.extraction.stance import ContentParse, Reading, classify_quote_type, classify_stance, combine
from workers.extraction.text import Paragraph, quote_regions
from workers.extraction.types import ArticleExtraction, Attribution, Span


def paragraph_inputs(paragraphs: Sequence[Paragraph], body: str) -> list[tuple[str, int]]:
    """Classified paragraphs -> (text, offset) pairs of the parts to parse."""
    return [
        (body[p.text_span.start : p.text_span.end], p.text_span.start)
        for p in paragraphs
        if p.text_span.end > p.text_span.start
    ]


def _sentences(doc: Any, starts: Any, sent_start: Any) -> list[tuple[int, int, int, int]]:
    """(start token, end token, start char, end char) per sentence, from the parse's columns
    (cheaper than ``doc.sents``, which walks every token in Python)."""
    firsts = sorted({0, *np.flatnonzero(sent_start == 1).tolist()})
    out = []
    for k, first in enumerate(firsts):
        end = firsts[k + 1] if k + 1 < len(firsts) else len(doc)
        last = doc[end - 1]
        out.append((first, end, int(starts[first]), last.idx + len(last.text)))
    return out


def _quote_index(starts: Any, offset: int, regions: list[Span]) -> list[int]:
    """Token start offsets -> index of the quotation region each token sits in, or -1."""
    out = np.full(len(starts), -1, dtype=np.int64)
    absolute = starts.astype(np.int64) + offset
    for k, region in enumerate(regions):
        out[(absolute >= region.start) & (absolute < region.end)] = k
    return [int(v) for v in out]


def _confidence(cand: Candidate, doc: Any, has_source: bool, quoted: bool, cue_in_quote: bool) -> float:
    """A 0..1 score: the cue's prior, raised by a clausal or quoted content, lowered when the
    source is missing (outside passives) or the cue sits inside someone's quotation."""
    score = cand.spec.weight
    if cand.frame in ("that", "quote"):
        score += 0.05
    if quoted:
        score += 0.05
    passive = any(doc[i].dep_ == "auxpass" for i in cand.cue)
    if not has_source and not passive:
        score *= 0.4
    if cue_in_quote:
        score *= 0.4
    return round(min(0.99, max(0.01, score)), 3)


def _build(
    cand: Candidate,
    doc: Any,
    offset: int,
    regions: list[Span],
    body: str,
    published: date | None,
    sentences: list[tuple[int, int, int, int]],
) -> Attribution | None:
    """One candidate -> a claim with character spans, stance, quote type, date, quantities and
    confidence; ``None`` when no cue or content survives trimming. ``sentences`` holds the
    paragraph's (start token, end token, start char, end char) per sentence."""
    cue = run_span(doc, offset, cand.cue, colon=True)
    source = run_span(doc, offset, cand.source, before=min(cand.cue))
    if not cue:
        return None
    content = content_spans(doc, offset, cand.content, regions, cue + source, body)
    if not content:
        return None
    k = bisect_right(sentences, (cand.head, len(doc) + 1)) - 1
    sent_start, sent_end = sentences[max(k, 0)][2:]
    sent_span = Span(
        min(offset + sent_start, content[0].start, *(s.start for s in source)),
        max(offset + sent_end, content[-1].end, *(s.end for s in source)),
    )
    content_text = " ".join(body[s.start : s.end] for s in content)
    cue_text = body[cue[0].start : cue[0].end]
    negated = any(doc[i].dep_ == "neg" for i in cand.cue)
    quote_type = classify_quote_type(body, content, regions)
    content_tokens = [doc[i] for i in sorted(cand.content)]
    # Stance reads every word of the content, also the sentences of a quotation the cue's own
    # clause does not govern ('"Doe started the feud. I ended it," he said').
    spans_tokens = [t for t in doc if any(s.start <= offset + t.idx < s.end for s in content)]
    reading = classify_stance(
        cand.spec, content_text, cue_text=cue_text.lower(), negated=negated,
        parse=ContentParse(spans_tokens or content_tokens, doc[cand.head] if cand.head >= 0 else None,
                           source, offset),
    )
    return Attribution(
        source=source,
        cue=cue,
        content=content,
        sentence=sent_span,
        cue_lemma=cand.spec.lemma,
        stance=reading.stance,
        target=reading.target,
        quote_type=quote_type,
        said_on=resolve_said_on(body[offset + sent_start : offset + sent_end], published),
        quantities=find_quantities(content_tokens, offset),
        confidence=_confidence(
            cand, doc, bool(source), quote_type != "indirect",
            any(r.start <= cue[0].start < r.end for r in regions),
        ),
    )


def _restance_continued(
    attr: Attribution, had: int, cue: tuple[CueSpec, bool] | None, doc: Any, offset: int, body: str,
) -> None:
    """A quotation continued past its first sentences (``had`` content spans before) takes the
    stance its continuation sentences carry too: '"They are all false. They're invented," he
    said of the claims' is a denial however its first sentence reads. ``cue`` is the claim's
    cue entry and whether the cue is negated (none for a signed quotation). Mutates ``attr``."""
    added = attr.content[had:]
    if not added:
        return
    spec, negated = cue if cue is not None else (VERB_CUES["say"], False)
    cue_text = body[attr.cue[0].start : attr.cue[-1].end].lower()
    reading = Reading(attr.stance, list(attr.target))
    for span in added:
        tokens = [t for t in doc if span.start <= offset + t.idx < span.end]
        later = classify_stance(
            spec, body[span.start : span.end], cue_text=cue_text, negated=negated,
            parse=ContentParse(tokens, None, attr.source, offset),
        )
        reading = combine(reading, later)
    attr.stance, attr.target = reading.stance, reading.target


def _closing_direct_quote(outer: list[Attribution], regions: list[Span], para: Span) -> Attribution | None:
    """The paragraph's last claim, when it is a quotation that runs to the paragraph's end."""
    if not outer:
        return None
    last = max(outer, key=lambda a: a.cue[0].start)
    if not any(r.start <= last.content[-1].start and last.content[-1].end <= r.end for r in regions):
        return None
    tail = max(last.content[-1].end, last.cue[-1].end, *(s.end for s in last.source))
    return last if tail >= para.end - 2 else None


def _set_parents(attrs: list[Attribution]) -> None:
    """Mark each claim whose cue sits inside another claim's content as nested in it."""
    for i, inner in enumerate(attrs):
        best: int | None = None
        best_len = 0
        for j, outer in enumerate(attrs):
            if i == j:
                continue
            if any(c.start <= inner.cue[0].start < c.end for c in outer.content):
                size = sum(c.end - c.start for c in outer.content)
                if best is None or size < best_len:
                    best, best_len = j, size
        inner.parent = best


def extract_from_docs(
    body: str,
    paragraphs: Sequence[Paragraph],
    docs: Sequence[tuple[Any, int]],
    *,
    published: date | None,
    publisher: str | None,
    version: str,
) -> ArticleExtraction:
    """Body + its parsed paragraphs (doc, offset) -> every attributed claim, in text order."""
    attrs: list[Attribution] = []
    mentions: list[Mention] = []
    proper: dict[int, bool] = {}  # id(attribution) -> its source holds a proper noun
    region_lists: list[list[Span]] = []
    last_direct: Attribution | None = None
    cues: dict[int, tuple[CueSpec, bool]] = {}  # id(attribution) -> its cue entry, negated or not
    tokens_of: dict[int, tuple[list[Any], int]] = {}  # id(attribution) -> content tokens, offset
    for doc, offset in docs:
        text = doc_text(doc, body, offset)
        regions = quote_regions(text, offset)
        columns = doc.to_array([LEMMA, LOWER, POS, IDX, SENT_START])
        quote_of = _quote_index(columns[:, 3], offset, regions)
        region_lists.append(regions)
        para_attrs: list[Attribution] = []
        sentences = _sentences(doc, columns[:, 3], columns[:, 4])
        for cand in find_candidates(doc, quote_of, columns):
            attr = _build(cand, doc, offset, regions, body, published, sentences)
            if attr is None:
                continue
            para_attrs.append(attr)
            cues[id(attr)] = (cand.spec, any(doc[i].dep_ == "neg" for i in cand.cue))
            proper[id(attr)] = any(doc[i].pos_ == "PROPN" for i in cand.source)
        for source, cue, quote in signed_quotes(text, offset, regions):
            if not any(a.cue[0].start < quote.end and quote.start < a.content[-1].end for a in para_attrs
                       if a.confidence >= 0.4):
                para_attrs.append(Attribution(
                    source=[source], cue=[cue], content=[quote], sentence=Span(quote.start, source.end),
                    cue_lemma="―", quote_type="direct", said_on=published, confidence=0.7,
                ))
        had = {id(a): len(a.content) for a in para_attrs}
        continue_quotes(para_attrs, doc, offset, regions, body)
        for attr in para_attrs:
            _restance_continued(attr, had[id(attr)], cues.get(id(attr)), doc, offset, body)
        for attr in para_attrs:
            tokens_of[id(attr)] = ([t for t in doc if any(s.start <= offset + t.idx < s.end
                                                          for s in attr.content)], offset)
        outer = [a for a in para_attrs if is_outer(a, regions)]
        para = Span(offset, offset + len(text))
        before = len(last_direct.content) if last_direct is not None else 0
        if not outer and continue_across_paragraphs(last_direct, regions, para):
            # the open quotation runs on; ``last_direct`` may continue further
            if last_direct is not None:
                _restance_continued(last_direct, before, cues.get(id(last_direct)), doc, offset, body)
        else:
            last_direct = _closing_direct_quote(outer, regions, para)
        attrs.extend(para_attrs)
    attrs.sort(key=lambda a: a.cue[0].start)
    apply_publisher_notes(attrs, docs, body, publisher, published)
    attrs.sort(key=lambda a: a.cue[0].start)
    _set_parents(attrs)
    if any(a.source for a in attrs):
        mentions = link_mentions(article_mentions(docs, body, region_lists))
    quoted_speakers = []  # "I" inside a quotation stands for whoever the quotation is attributed to
    for attr in attrs:
        if not attr.source:
            continue
        written = body[attr.source[0].start : attr.source[-1].end].lower()
        if attr.parent is not None and written in FIRST_PERSON:
            quoted_speakers.append(attr)
            continue
        has_proper = proper.get(id(attr), False)
        attr.source_ref = resolve_source(body, attr.source, mentions, has_proper=has_proper)
        if attr.source_ref.kind not in ("anonymous", "unknown") or plural_noun(attr.source_ref.resolved):
            # unnamed speakers in the plural ("former workers") stay for a later "they"
            mentions.append(remember(attr.source_ref, attr.source))
            mentions.sort(key=lambda m: m.span.start)
    for attr in quoted_speakers:
        parent = attrs[attr.parent] if attr.parent is not None else None
        speaker = parent.source_ref if parent is not None else None
        attr.source_ref = resolve_source(body, attr.source, mentions, has_proper=False, speaker=speaker)
    mark_restatements(attrs, tokens_of)
    add_fact_checks(attrs, docs, body, publisher)
    boiler = [p.boilerplate for p in paragraphs if p.boilerplate is not None]
    return ArticleExtraction(attributions=attrs, version=version, boilerplate=boiler)
