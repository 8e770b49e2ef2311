"""Syndication rules on texts written for the purpose: which republications are one story."""

from __future__ import annotations

import subprocess
import sys

import pytest

from service.models import Claim
from tests.unit.linking.wire_stories import (
    ORIGINAL,
    SAME_EVENT,
    TRIMMED,
    TRIMMED_WITH_LOCAL,
    WIRE,
    WITH_LOCAL,
    story,
)
from workers.linking.syndication import BANDS, Sketch, band_hashes, overlap, shingles, sketch
from workers.syndicate import tie_copies


def test_shingles_fold_case_and_punctuation() -> None:
    assert shingles("The Mayor, said: “no”") == {"the mayor said no"}
    assert shingles("One two three four five six") == {"one two three four five", "two three four five six"}
    assert shingles("  ") == set()


def test_a_sketch_is_the_same_in_every_process_and_needs_no_network() -> None:
    here = sketch(ORIGINAL)
    code = (
        "import socket, sys\n"
        "def refuse(*args): raise OSError('no network')\n"
        "socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse\n"
        "from workers.linking.syndication import sketch\n"
        "sys.stdout.write(sketch(sys.stdin.read()).signature.hex())\n"
    )
    there = subprocess.run(
        [sys.executable, "-c", code], input=ORIGINAL, capture_output=True, text=True, check=True
    ).stdout
    assert here.signature.hex() == there and here.shingles == len(shingles(ORIGINAL))


@pytest.mark.parametrize(
    ("name", "copy"),
    [
        ("same text (another headline)", ORIGINAL),
        ("ending trimmed", TRIMMED),
        ("local paragraph added", WITH_LOCAL),
        ("trimmed, local paragraph, dateline changed", TRIMMED_WITH_LOCAL),
        ("first half only", story(WIRE[:4])),
    ],
)
def test_republications_of_the_wire_story_are_syndicated(name: str, copy: str) -> None:
    found = overlap(sketch(ORIGINAL), sketch(copy))
    assert found.syndicated, (name, found)
    assert overlap(sketch(copy), sketch(ORIGINAL)) == found  # symmetric
    assert set(band_hashes(sketch(ORIGINAL))) & set(band_hashes(sketch(copy)))  # LSH finds it


@pytest.mark.parametrize(
    ("name", "other"),
    [
        ("another agency's story on the same event", SAME_EVENT),
        ("a third of the story", story(WIRE[:3])),
        ("one paragraph of it", WIRE[3]),
    ],
)
def test_other_stories_are_not_syndicated(name: str, other: str) -> None:
    found = overlap(sketch(ORIGINAL), sketch(other))
    assert not found.syndicated, (name, found)


def test_the_same_event_in_other_words_shares_no_band() -> None:
    assert not set(band_hashes(sketch(ORIGINAL))) & set(band_hashes(sketch(SAME_EVENT)))


def test_band_hashes_are_one_per_band_and_distinct() -> None:
    bands = band_hashes(sketch(ORIGINAL))
    assert len(bands) == BANDS == len(set(bands))


def test_an_empty_body_overlaps_nothing() -> None:
    assert overlap(Sketch(sketch("").signature, 0), sketch(ORIGINAL)).syndicated is False


def _claim(claim_id: int, content: str) -> Claim:
    return Claim(id=claim_id, article_id=1, text=content, content=content, cue="said", cue_lemma="say",
                 extractor_version="t")  # fmt: skip


def test_copies_are_tied_to_the_claims_they_repeat() -> None:
    originals = [_claim(1, "the gates were closed on purpose"), _claim(2, "a mechanical fault jammed them")]
    copies = [_claim(11, "The gates were  closed on purpose"), _claim(12, "wells would stay closed")]
    copies[1].copy_of = 2
    assert tie_copies(copies, originals, clear=True) == 1
    assert [c.copy_of for c in copies] == [1, None]
    copies[1].copy_of = 2
    assert tie_copies(copies, originals, clear=False) == 1 and copies[1].copy_of == 2
