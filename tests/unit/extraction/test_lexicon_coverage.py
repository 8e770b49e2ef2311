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
        ("The mayor thanked the volunteers for their work.", "thanked", "The mayor"),
        ("Investigators discovered that the valve had failed.", "discovered", "Investigators"),
        ("The coach apologized for the delay at the stadium.", "apologized", "The coach"),
        ("The senator attacked the governor for the late budget.", "attacked", "The senator"),
        ("The mayor noted the cost of the new bridge.", "noted", "The mayor"),
    ],
)
def test_cues_outside_the_core_verbs(extract: Extract, body: str, cue: str, source: str) -> None:
    attr = find(body, extract(body), cue)
    assert texts(body, attr, "source") == [source]
    assert attr.content


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        ("The minister shot back that the figures were wrong.", "shot back"),
        ("The bishop spoke out against the new border fence.", "spoke out against"),
    ],
)
def test_phrasal_cues(extract: Extract, body: str, cue: str) -> None:
    result = extract(body)
    cues = [body[a.cue[0].start : a.cue[-1].end] for a in result.attributions]
    assert any(c.startswith(cue.split()[0]) for c in cues), cues
    assert all(a.source for a in result.attributions)


def test_stated_intention_is_reported(extract: Extract) -> None:
    from workers.extraction.lexicon import REPORT_THRESHOLD

    body = "The council wants to move the market to the square."
    attr = find(body, extract(body), "wants")
    assert texts(body, attr, "source") == ["The council"]
    assert attr.confidence >= REPORT_THRESHOLD
