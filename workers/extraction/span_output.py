"""PolNeAR-style output: one JSON line per document with source/cue/content span lists.

Only outermost claims are written (the scheme annotates no nested attributions), only those at
or above ``REPORT_THRESHOLD`` confidence, and not the publisher's own verification notes,
which the scheme does not treat as attributions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TextIO

from workers.extraction.lexicon import REPORT_THRESHOLD
from workers.extraction.types import ArticleExtraction, Attribution

Extractor = Callable[..., Iterator[ArticleExtraction]]


def attribution_record(attr: Attribution) -> dict[str, list[list[int]]]:
    """One claim -> {"source": [[s, e], ...], "cue": [[s, e]], "content": [[s, e], ...]}."""
    return {
        "source": [s.as_pair() for s in attr.source],
        "cue": [s.as_pair() for s in attr.cue],
        "content": [s.as_pair() for s in attr.content],
    }


def _publisher_note(attr: Attribution) -> bool:
    """The publisher's own "could not verify" note (``notes.py``), not a speaker's open question."""
    return attr.stance == "unverified" and attr.cue_lemma == "verify"


def polnear_attributions(result: ArticleExtraction) -> list[dict[str, list[list[int]]]]:
    """Extraction -> the records the PolNeAR scorer reads (outermost, confident claims only)."""
    return [
        attribution_record(a)
        for a in result.attributions
        if a.parent is None and not _publisher_note(a) and a.confidence >= REPORT_THRESHOLD
    ]


def to_polnear_lines(lines_in: TextIO, out: TextIO, extract_many: Extractor) -> int:
    """Read {"doc_id", "text"} lines, write {"doc_id", "attributions"} lines; return the count."""
    ids: list[str] = []

    def items() -> Iterable[tuple[str, date | None, str | None]]:
        """Parse the input lines lazily, remembering each document's id."""
        for line in lines_in:
            if not line.strip():
                continue
            record: dict[str, Any] = json.loads(line)
            ids.append(str(record["doc_id"]))
            yield record["text"], None, None

    count = 0
    # extract_many reads each item before it yields that item's result, so ids[count] exists.
    for result in extract_many(items()):
        out.write(json.dumps({"doc_id": ids[count], "attributions": polnear_attributions(result)}) + "\n")
        count += 1
    return count
