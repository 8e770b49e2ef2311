"""Target keys: an accusation is found by whom it accuses, the way that speaker's name is keyed."""

from __future__ import annotations

import pytest

from service.keys import target_key


@pytest.mark.parametrize(
    ("target", "key"),
    [
        ("the GOP", "gop"),
        ("Mr. Whitfield's", "whitfield"),
        ("Dr Amara Osei", "amara osei"),
        ("  Northland  ", "northland"),
    ],
)
def test_a_target_is_keyed_without_article_honorific_or_possessive(target: str, key: str) -> None:
    assert target_key(target) == key


@pytest.mark.parametrize("target", [None, "", "she", "Them", "  "])
def test_pronouns_and_nothing_have_no_key(target: str | None) -> None:
    assert target_key(target) is None
