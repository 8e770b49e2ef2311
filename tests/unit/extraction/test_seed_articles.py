"""The reference claims of DESIGN section 1 come out of the seed articles with the right spans.

The seed articles are read at test time from ``shared/corpus``; the tests skip without them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.unit.extraction.conftest import texts
from workers.extraction.types import ArticleExtraction, Attribution

SEED = Path(__file__).parents[3] / ".." / "shared" / "corpus" / "seed-articles.jsonl"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed articles not available")

Extract = Callable[..., ArticleExtraction]


@pytest.fixture(scope="module")
def seeds(extract: Extract) -> list[tuple[str, ArticleExtraction]]:
    out = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            body = record["body"]
            result = extract(body, date.fromisoformat(record["published"]), record.get("source"))
            out.append((body, result))
    return out


def _claim(seeds: list[tuple[str, ArticleExtraction]], sentence_start: str) -> tuple[str, Attribution]:
    """The first claim whose sentence starts with ``sentence_start``."""
    for body, result in seeds:
        at = body.find(sentence_start)
        if at < 0:
            continue
        for attr in result.attributions:
            if attr.sentence.start <= at < attr.sentence.end and attr.parent is None:
                return body, attr
    raise AssertionError(f"no claim in the sentence starting {sentence_start!r}")


def test_every_span_indexes_the_body(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    for body, result in seeds:
        for attr in result.attributions:
            for span in (*attr.source, *attr.cue, *attr.content, attr.sentence):
                assert 0 <= span.start < span.end <= len(body)
                assert body[span.start : span.end].strip() == body[span.start : span.end]


def test_misinformation_denial(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    body, attr = _claim(seeds, "Azerbaijan’s defense ministry said allegations")
    assert texts(body, attr, "source") == ["Azerbaijan’s defense ministry"]
    assert texts(body, attr, "cue") == ["said"]
    assert texts(body, attr, "content") == [
        "allegations that it had shelled civilian areas were “misinformation”"
    ]
    assert attr.cue_lemma == "say"
    assert attr.stance == "denial"
    assert attr.quote_type == "mixed"
    assert attr.said_on == date(2020, 11, 6)


def test_armenia_denied_such_an_attack(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    body, attr = _claim(seeds, "Armenia denied such an attack")
    assert texts(body, attr, "source") == ["Armenia"]
    assert texts(body, attr, "content") == ["such an attack"]
    assert attr.stance == "denial"


def test_baku_accused_yerevan(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    body, attr = _claim(seeds, "Baku also accused Yerevan")
    assert texts(body, attr, "source") == ["Baku"]
    assert attr.stance == "accusation"


def test_reuters_note_covers_the_reports_before_it(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    body, note = _claim(seeds, "Reuters was unable independently to verify")
    assert note.stance == "unverified"
    assert texts(body, note, "source") == ["Reuters"]
    _, rescue = _claim(seeds, "The Nagorno-Karabakh Emergency and Rescue Service said residential")
    assert rescue.unverified_note is not None and rescue.unverified_note.startswith("Reuters was unable")


def test_multi_sentence_quote_with_speaker_named_once(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    body, attr = _claim(seeds, "“By no means do we want")
    assert texts(body, attr, "source") == ["Russian Foreign Minister Sergei Lavrov"]
    assert attr.quote_type == "direct"
    joined = " ".join(texts(body, attr, "content"))
    assert joined.startswith("“By no means") and joined.endswith("achieved agreements.”")


def test_quote_continued_after_he_said(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    body, attr = _claim(seeds, "“We all fought for it")
    assert texts(body, attr, "content")[-1] == "“I think it was not the right decision.”"
    assert attr.source_ref is not None
    assert attr.source_ref.resolved.startswith("Armen Manjoyan")


def test_on_thursday_dates_the_claim(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    _, attr = _claim(seeds, "Pashinyan, elected in 2018")
    assert attr.said_on == date(2020, 11, 12)  # "on Thursday", article of Thursday 12 November


def test_pronoun_source_resolves_to_the_named_source(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    body, attr = _claim(seeds, "It said that the three people killed")
    assert texts(body, attr, "source") == ["It"]
    assert attr.source_ref is not None
    assert attr.source_ref.resolved == "The Nagorno-Karabakh Emergency and Rescue Service"
    span = attr.source_ref.resolved_span
    assert span is not None and body[span.start : span.end] == attr.source_ref.resolved


def test_casualty_figures_are_typed(seeds: list[tuple[str, ArticleExtraction]]) -> None:
    _, attr = _claim(seeds, "The Nagorno-Karabakh defense ministry says 1,177")
    quantity = attr.quantities[0]
    assert (quantity.value, quantity.unit, quantity.measure) == (1177, "troops", "killed")
    _, estimate = _claim(seeds, "Russia has estimated")
    assert estimate.stance == "estimate"
