"""The suffix stripper the lexical comparisons rest on: word forms of one act share a stem."""

from __future__ import annotations

import pytest

from workers.linking.text import stem


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("supportive", "supported"),
        ("protective", "protects"),
        ("aggressive", "aggression"),
        ("shelling", "shells"),
        ("attacks", "attacked"),
    ],
)
def test_forms_of_one_word_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), [("executive", "execution"), ("native", "nation")])
def test_words_of_different_meaning_keep_different_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)
