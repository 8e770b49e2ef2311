"""Cue words beyond "say": manner-of-speaking, proposal, censure and evidence predicates."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.unit.extraction.conftest import find, texts
from workers.extraction.types import ArticleExtraction

Extract = Callable[..., ArticleExtraction]


@pytest.mark.parametrize(
    ("body", "cue", "source"),
    [
        ('"We will rebuild the bridge," the engineer muttered.', "muttered", "the engineer"),
        ("The mayor reaffirmed that the pier would reopen in May.", "reaffirmed", "The mayor"),
        ("The council proposed that the market move to the square.", "proposed", "The council"),
        ("The union decried the decision to close the depot.", "decried", "The union"),
    ],
)
def test_cues_outside_the_core_verbs(extract: Extract, body: str, cue: str, source: str) -> None:
    attr = find(body, extract(body), cue)
    assert texts(body, attr, "source") == [source]
    assert attr.content
