"""Attributions to claim rows: the extractor's dataclasses become ``Claim`` rows to store.

In: an article row and its ``ArticleExtraction``. Out: unsaved ``Claim`` rows in text order,
and for each the index of the claim it is nested in (or None). Pure apart from building the
row objects: nothing is read or written here.
"""

from __future__ import annotations

from typing import Any

from service.models import Article, Claim
from service.vocabulary import MENTION_CHARS, VERSION_CHARS
from workers.extraction.types import ArticleExtraction, Attribution, Span


def _pairs(spans: list[Span]) -> list[list[int]]:
    return [span.as_pair() for span in spans]


def _joined(body: str, spans: list[Span]) -> str:
    return " ".join(body[s.start : s.end] for s in spans)


def claim_row(*, article: Article, attribution: Attribution, ordinal: int, version: str) -> Claim:
    """One extracted attribution as a Claim row (not yet added to a session)."""
    body = article.body
    ref = attribution.source_ref
    spans: dict[str, Any] = {
        "source": _pairs(attribution.source),
        "cue": _pairs(attribution.cue),
        "content": _pairs(attribution.content),
        "sentence": attribution.sentence.as_pair(),
    }
    if attribution.target:
        spans["target"] = _pairs(attribution.target)
    if ref is not None and ref.resolved_span is not None:
        spans["resolved_source"] = [ref.resolved_span.as_pair()]
    verification: dict[str, Any] = {"publisher_unverified": attribution.unverified_note is not None}
    if attribution.unverified_note is not None:
        verification["note"] = attribution.unverified_note
    assert article.id is not None
    return Claim(
        article_id=article.id,
        ordinal=ordinal,
        text=attribution.sentence.text(body),
        content=_joined(body, attribution.content),
        source_mention=_joined(body, attribution.source) or None,
        source_resolved=(ref.resolved if ref is not None else None)
        or (_joined(body, attribution.source) or None),
        target=_joined(body, attribution.target)[:MENTION_CHARS] or None,
        cue=_joined(body, attribution.cue),
        cue_lemma=attribution.cue_lemma[:VERSION_CHARS],
        spans=spans,
        stance=attribution.stance,
        quote_type=attribution.quote_type,
        said_on=attribution.said_on or article.published_at,
        quantities=[
            {
                "value": q.value,
                "span": q.span.as_pair(),
                "unit": q.unit,
                "measure": q.measure,
                "approximate": q.approximate,
            }
            for q in attribution.quantities
        ],
        verification=verification,
        confidence=round(float(attribution.confidence), 4),
        extractor_version=version,
    )


def claim_rows(*, article: Article, extraction: ArticleExtraction) -> tuple[list[Claim], list[int | None]]:
    """Every attribution of ``extraction`` as a row, and each row's parent index (or None)."""
    rows = [
        claim_row(article=article, attribution=a, ordinal=i, version=extraction.version)
        for i, a in enumerate(extraction.attributions)
    ]
    parents = [
        a.parent if a.parent is not None and 0 <= a.parent < len(rows) else None
        for a in extraction.attributions
    ]
    return rows, parents
