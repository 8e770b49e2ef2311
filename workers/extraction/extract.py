"""Running the extractor: article bodies in, ``ArticleExtraction`` results out, one parse stream.

``extract_article`` for one body, ``extract_many`` to stream many through one ``nlp.pipe``,
``run_polnear`` for the scorer's JSON Lines. Pure: no Flask, Celery or database.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TextIO

from workers.extraction import EXTRACTOR_VERSION
from workers.extraction.model import load_nlp
from workers.extraction.pipeline import extract_from_docs, paragraph_inputs
from workers.extraction.span_output import to_polnear_lines
from workers.extraction.text import Paragraph, classify_paragraphs
from workers.extraction.types import ArticleExtraction

__all__ = ["extract_article", "extract_many", "run_polnear"]


def extract_article(
    body: str, *, published: date | None = None, publisher: str | None = None
) -> ArticleExtraction:
    """One article body -> its attributed claims. Idempotent: same body, same result."""
    return next(extract_many([(body, published, publisher)]))


def extract_many(
    items: Iterable[tuple[str, date | None, str | None]], *, batch_size: int = 32
) -> Iterator[ArticleExtraction]:
    """(body, published, publisher) triples -> extractions in the same order.

    All paragraphs stream through one ``nlp.pipe`` (``batch_size`` articles' worth of
    paragraphs per batch); each article is finished as soon as its last paragraph is parsed.
    """
    nlp = load_nlp()
    pending: deque[_Pending] = deque()

    def paragraphs_to_parse() -> Iterator[tuple[str, tuple[_Pending, int]]]:
        """Classify each article's paragraphs and hand the claim-bearing ones to the parser."""
        for body, published, publisher in items:
            paragraphs = classify_paragraphs(body)
            inputs = paragraph_inputs(paragraphs, body)
            state = _Pending(body, published, publisher, paragraphs, len(inputs))
            pending.append(state)
            for text, offset in inputs:
                yield text, (state, offset)

    stream = nlp.pipe(paragraphs_to_parse(), as_tuples=True, batch_size=batch_size * _PARAGRAPHS_PER_ARTICLE)
    for doc, (state, offset) in stream:
        state.docs.append((doc, offset))
        while pending and pending[0].complete:
            yield pending.popleft().finish()
    while pending:  # articles with nothing to parse at the very end
        yield pending.popleft().finish()


_PARAGRAPHS_PER_ARTICLE = 8


@dataclass
class _Pending:
    """An article waiting for its paragraphs to come back from the parser."""

    body: str
    published: date | None
    publisher: str | None
    paragraphs: list[Paragraph]
    expected: int
    docs: list[tuple[Any, int]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """All of the article's paragraphs are back from the parser."""
        return len(self.docs) >= self.expected

    def finish(self) -> ArticleExtraction:
        """Run the rules over the parsed paragraphs."""
        return extract_from_docs(
            self.body, self.paragraphs, self.docs,
            published=self.published, publisher=self.publisher, version=EXTRACTOR_VERSION,
        )


def run_polnear(lines_in: TextIO, out: TextIO) -> int:
    """JSON lines {"doc_id", "text"} -> JSON lines of attributions for the PolNeAR scorer.

    Returns the number of documents written.
    """
    return to_polnear_lines(lines_in, out, extract_many)
