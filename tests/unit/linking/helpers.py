"""Build ClaimFacts from plain sentences, normalising the source the way the pipeline does."""

from __future__ import annotations

from datetime import date

from workers.linking.facts import ClaimFacts, QuantityFact
from workers.linking.sources import normalise_source

_ids = iter(range(1, 1_000_000))


def claim(
    mention: str,
    cue: str,
    content: str,
    *,
    stance: str = "assertion",
    text: str | None = None,
    article: int = 1,
    ordinal: int = 0,
    start: int | None = None,
    day: date = date(2021, 3, 4),
    quantities: tuple[QuantityFact, ...] = (),
) -> ClaimFacts:
    source = normalise_source(mention)
    return ClaimFacts(
        id=next(_ids),
        article_id=article,
        ordinal=ordinal,
        sentence_start=ordinal * 120 if start is None else start,
        mention=mention,
        source_name=source.name if source else None,
        source_kind=source.kind if source else "unknown",
        affiliation=source.affiliation if source else None,
        members=source.members if source else (),
        cue_lemma=cue,
        stance=stance,
        content=content,
        text=text or f"{mention} {cue} {content}.",
        published=day,
        said_on=day,
        quantities=quantities,
    )
