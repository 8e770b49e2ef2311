"""The public API: batch extraction keeps order, empty bodies are fine, PolNeAR-style output."""

from __future__ import annotations

import io
import json
from datetime import date

from workers.extraction import EXTRACTOR_VERSION
from workers.extraction.dates import most_recent_weekday, resolve_said_on
from workers.extraction.extract import extract_article, extract_many, run_polnear


def test_extract_many_keeps_order_and_handles_empty_bodies() -> None:
    items = [
        ("The mayor said the bridge was safe.", None, None),
        ("", None, None),
        ("   \n\n ", None, None),
        ("The harbour master denied the report.", date(2020, 11, 6), "Reuters"),
    ]
    results = list(extract_many(items, batch_size=2))
    assert [len(r.attributions) for r in results] == [1, 0, 0, 1]
    assert all(r.version == EXTRACTOR_VERSION for r in results)
    assert results[3].attributions[0].stance == "denial"


def test_single_article_matches_batch() -> None:
    body = "“We are ready,” the coach said. Officials said the match would go ahead."
    assert extract_article(body) == next(extract_many([(body, None, None)]))


def test_run_polnear_writes_one_line_per_document() -> None:
    lines = "\n".join(
        json.dumps(record)
        for record in (
            {"doc_id": "a", "text": "The mayor said the bridge was safe."},
            {"doc_id": "b", "text": "No claims in this one."},
        )
    )
    out = io.StringIO()
    assert run_polnear(io.StringIO(lines + "\n"), out) == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["doc_id"] for r in records] == ["a", "b"]
    assert records[0]["attributions"] == [{"source": [[0, 9]], "cue": [[10, 14]], "content": [[15, 34]]}]
    assert records[1]["attributions"] == []


def test_said_on_from_weekday_and_relative_words() -> None:
    thursday = date(2020, 11, 12)
    assert most_recent_weekday(thursday, 3) == thursday
    assert resolve_said_on("said on Tuesday", thursday) == date(2020, 11, 10)
    assert resolve_said_on("said on Friday", thursday) == date(2020, 11, 6)
    assert resolve_said_on("said yesterday", thursday) == date(2020, 11, 11)
    assert resolve_said_on("said last week", thursday) == date(2020, 11, 5)
    assert resolve_said_on("said", thursday) == thursday
    assert resolve_said_on("said on Tuesday", None) is None
