"""The outlet's own rebuttals of the claims it reports, on sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.unit.extraction.conftest import find, texts
from workers.extraction.factchecks import CUE_LEMMA
from workers.extraction.types import ArticleExtraction, Attribution

Extract = Callable[..., ArticleExtraction]
OUTLET = "The Harbour Gazette"


def _checks(result: ArticleExtraction) -> list[Attribution]:
    return [a for a in result.attributions if a.cue_lemma == CUE_LEMMA]


@pytest.mark.parametrize(
    ("body", "cue", "rebutted_cue", "rebuttal"),
    [
        (
            "The mayor incorrectly stated that 500 families had moved to the town last year.",
            "incorrectly",
            "incorrectly stated",
            "incorrectly",
        ),
        (
            "Contrary to his claim that the bridge was safe, engineers found deep cracks in two pillars.",
            "Contrary to",
            "claim",
            "engineers found deep cracks in two pillars",
        ),
        (
            "Citing an unfounded rumour, Councillor Jane Roe accused the harbour master of selling berths.",
            "an unfounded rumour",
            "accused",
            "an unfounded rumour",
        ),
        (
            "Roe accused Smith of being a member of the yacht club, though a review of records shows he"
            " resigned in 2003.",
            "though a review of records shows",
            "accused",
            "though a review of records shows he resigned in 2003",
        ),
    ],
)
def test_framing_in_the_claims_own_sentence(
    extract: Extract, body: str, cue: str, rebutted_cue: str, rebuttal: str
) -> None:
    result = extract(body, publisher=OUTLET)
    [check] = _checks(result)
    assert texts(body, check, "cue") == [cue]
    assert texts(body, check, "content") == [rebuttal]
    assert check.stance == "denial"
    assert check.source_ref is not None and check.source_ref.resolved == OUTLET
    assert check.parent is not None
    assert result.attributions[check.parent] is find(body, result, rebutted_cue)


def test_a_sentence_calling_the_claim_before_it_false(extract: Extract) -> None:
    body = "Smith said that burglaries in the town had doubled since 2010. That claim is false."
    result = extract(body, publisher=OUTLET)
    [check] = _checks(result)
    assert texts(body, check, "content") == ["That claim is false"]
    assert result.attributions[check.parent or 0] is find(body, result, "said")
    assert texts(body, check, "target") == ["Smith"]


def test_in_fact_rebuts_only_a_claim_about_the_same_thing(extract: Extract) -> None:
    about = "Smith said the number of burglaries had doubled. Burglaries have, in fact, fallen by half."
    [check] = _checks(extract(about, publisher=OUTLET))
    assert texts(about, check, "content") == ["Burglaries have, in fact, fallen by half"]
    elsewhere = "Smith said the number of burglaries had doubled. The ferry is, in fact, running late."
    assert _checks(extract(elsewhere, publisher=OUTLET)) == []


@pytest.mark.parametrize(
    "body",
    [
        "Smith said the plan had worked, but offered no proof.",  # unproven is not false
        "Smith said the plan had worked. The council meets again on Tuesday.",
        '"In fact, the plan worked," Smith said.',  # the speaker's own words
    ],
)
def test_no_rebuttal_where_the_outlet_calls_nothing_false(extract: Extract, body: str) -> None:
    assert _checks(extract(body, publisher=OUTLET)) == []


def test_but_that_was_not_the_case_rebuts_what_was_just_reported(extract: Extract) -> None:
    body = "Many bankers assumed that Ms. Vale had the backing of the Orlov family, but that wasn't the case."
    [check] = _checks(extract(body, publisher=OUTLET))
    assert texts(body, check, "content") == ["but that wasn't the case"]
    assert check.stance == "denial" and check.parent is not None
    assert body[check.target[0].start : check.target[0].end] == "Many bankers"
    body = "The mayor said the bridge would open in May. That is not true."
    [check] = _checks(extract(body, publisher=OUTLET))
    assert texts(body, check, "content") == ["That is not true"]


def test_not_so_with_more_after_it_is_no_rebuttal(extract: Extract) -> None:
    for body in (
        "He said it was raining, but it was not so much.",
        "She said the vote was close, but that is not true of the north.",
    ):
        assert _checks(extract(body, publisher=OUTLET)) == []
