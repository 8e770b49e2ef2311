"""Store what the extractor found: an article's claims, replaced whole in one transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, delete, select, update

from service.models import Article, Claim, ConflictClaim, Review
from workers.extraction.types import ArticleExtraction, Attribution, Span


def _pairs(spans: list[Span]) -> list[list[int]]:
    return [span.as_pair() for span in spans]


def _joined(body: str, spans: list[Span]) -> str:
    return " ".join(body[s.start : s.end] for s in spans)


def claim_row(*, article: Article, attribution: Attribution, ordinal: int, version: str) -> Claim:
    """Turn one extracted attribution into a Claim row (not yet added to a session)."""
    body = article.body
    ref = attribution.source_ref
    spans: dict[str, Any] = {
        "source": _pairs(attribution.source),
        "cue": _pairs(attribution.cue),
        "content": _pairs(attribution.content),
        "sentence": attribution.sentence.as_pair(),
    }
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
        cue=_joined(body, attribution.cue),
        cue_lemma=attribution.cue_lemma[:64],
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


def delete_claims(session: Session, *, article_id: int) -> None:
    """Remove an article's claims and the rows that point at them (not committed).

    Review history is append-only, so reviews of removed claims stay, with their claim
    reference cleared.
    """
    claim_ids = [
        int(i) for i in session.exec(select(Claim.id).where(Claim.article_id == article_id)).all() if i
    ]
    if not claim_ids:
        return
    session.exec(delete(ConflictClaim).where(col(ConflictClaim.claim_id).in_(claim_ids)))
    session.exec(
        update(Review).where(col(Review.claim_id).in_(claim_ids)).values(claim_id=None)
    )
    session.exec(update(Claim).where(col(Claim.id).in_(claim_ids)).values(parent_claim_id=None))
    session.exec(delete(Claim).where(col(Claim.id).in_(claim_ids)))


def replace_claims(session: Session, *, article: Article, extraction: ArticleExtraction) -> list[Claim]:
    """Replace an article's claims with ``extraction``'s; idempotent (not committed).

    Nested attributions keep their link to the claim they sit in (``parent_claim_id``).
    """
    assert article.id is not None
    delete_claims(session, article_id=article.id)
    rows = [
        claim_row(article=article, attribution=a, ordinal=i, version=extraction.version)
        for i, a in enumerate(extraction.attributions)
    ]
    session.add_all(rows)
    session.flush()
    for row, attribution in zip(rows, extraction.attributions, strict=True):
        if attribution.parent is not None and 0 <= attribution.parent < len(rows):
            row.parent_claim_id = rows[attribution.parent].id
    article.extractor_version = extraction.version
    session.add(article)
    return rows
