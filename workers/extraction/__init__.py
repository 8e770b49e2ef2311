"""claimtrack's attribution extractor: article text in, attributed claims (dataclasses) out.

Pure code: no Flask, Celery or database. The spaCy model loads lazily, once per process.

    >>> from workers.extraction import extract_article
    >>> result = extract_article("The minister said the talks had failed.")
    >>> [a.cue_lemma for a in result.attributions]
    ['say']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TextIO

from workers.extraction.model import load_nlp
from workers.extraction.pipeline import extract_from_docs, paragraph_inputs
from workers.extraction.polnear import to_polnear_lines
from workers.extraction.text import classify_paragraphs
from workers.extraction.types import ArticleExtraction

EXTRACTOR_VERSION = "rules-2026.11.1"

__all__ = ["EXTRACTOR_VERSION", "extract_article", "extract_many", "run_polnear"]


def extract_article(
    body: str, *, published: date | None = None, publisher: str | None = None
) -> ArticleExtraction:
    """One article body -> its attributed claims. Idempotent: same body, same result."""
    return next(extract_many([(body, published, publisher)]))


def extract_many(
    items: Iterable[tuple[str, date | None, str | None]], *, batch_size: int = 32
) -> Iterator[ArticleExtraction]:
    """(body, published, publisher) triples -> extractions in the same order.

    Paragraphs of ``batch_size`` articles at a time go through ``nlp.pipe`` together.
    """
    nlp = load_nlp()
    batch: list[tuple[str, date | None, str | None]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from _run_batch(nlp, batch)
            batch = []
    if batch:
        yield from _run_batch(nlp, batch)


def _run_batch(nlp: object, batch: list[tuple[str, date | None, str | None]]) -> Iterator[ArticleExtraction]:
    plans = []
    inputs: list[tuple[str, tuple[int, int]]] = []
    for index, (body, _published, _publisher) in enumerate(batch):
        paragraphs = classify_paragraphs(body)
        plans.append(paragraphs)
        inputs.extend((text, (index, offset)) for text, offset in paragraph_inputs(paragraphs, body))
    parsed: list[list[tuple[object, int]]] = [[] for _ in batch]
    for doc, (index, offset) in nlp.pipe(inputs, as_tuples=True, batch_size=256):  # type: ignore[attr-defined]
        parsed[index].append((doc, offset))
    for (body, published, publisher), paragraphs, docs in zip(batch, plans, parsed, strict=True):
        yield extract_from_docs(
            body, paragraphs, docs, published=published, publisher=publisher, version=EXTRACTOR_VERSION
        )


def run_polnear(lines_in: TextIO, out: TextIO) -> int:
    """JSON lines {"doc_id", "text"} -> JSON lines of attributions for the PolNeAR scorer.

    Returns the number of documents written.
    """
    return to_polnear_lines(lines_in, out, extract_many)
