"""Stance from the words of a claim, not only its cue: denials and charges carried by the content,
with the target kept apart. Sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.unit.extraction.conftest import find, texts
from workers.extraction.types import ArticleExtraction

Extract = Callable[..., ArticleExtraction]


@pytest.mark.parametrize(
    "sentence",
    [
        "“It is categorically untrue,” a spokesman for the harbour board said.",
        "The landlord said the story about the flats “is nonsense”.",
        "“That is just not true,” the coach said.",
        "The ferry company said the leaked memo was fabricated.",
        "The council said the timing of the closure was not intentional.",
        "“That was not her view,” her lawyer said.",
        "The treasurer said she had done nothing wrong.",
        "The mayor said the rumours were baseless and the inquiry a sham.",
        "The trainer said he was skeptical that the riders had been drugged.",
    ],
)
def test_denial_in_the_words(extract: Extract, sentence: str) -> None:
    attr = find(sentence, extract(sentence), "said")
    assert attr.stance == "denial"


def test_content_denial_clears_the_speaker_not_the_word_it(extract: Extract) -> None:
    body = "“It is categorically untrue,” a spokesman for the harbour board said."
    attr = find(body, extract(body), "said")
    assert texts(body, attr, "target") == ["a spokesman for the harbour board"]


def test_quote_over_sentences_keeps_the_denial_of_its_continuation(extract: Extract) -> None:
    body = "“I have read every letter,” the bishop said. “They are all false. They're totally invented.”"
    result = extract(body)
    attr = find(body, result, "said")
    assert texts(body, attr, "source") == ["the bishop"]
    assert len(attr.content) == 2
    assert attr.stance == "denial"
    assert texts(body, attr, "target") == ["the bishop"]


def test_quote_over_sentences_keeps_the_charge_of_its_continuation(extract: Extract) -> None:
    body = "“This is a sad week for the town,” the councillor said. “The mayor lied to the voters.”"
    attr = find(body, extract(body), "said")
    assert attr.stance == "accusation"
    assert texts(body, attr, "target") == ["The mayor"]


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("A woman who claims she was groped by the conductor spoke to reporters.", "the conductor"),
        ("The villagers said the militia had shelled the school overnight.", "the militia"),
        ("Published reports alleged that he had raped a colleague.", "he"),
        ("The auditor said the governor had not paid any taxes for a decade.", "the governor"),
        ("The union said the firm failed to disclose the losses.", "the firm"),
        ("The senator said the minister was the one who started the feud.", "the minister"),
        ("Police said the smuggler may have bribed the guards.", "smuggler"),
        ("The ministry said it was a Moldovan rocket attack on the depot.", "Moldovan"),
        ("The rivals said the candidate refuses to take responsibility for the crash.", "the candidate"),
        ("The committee said the agency had covered up the leak.", "the agency"),
    ],
)
def test_accusation_in_the_words_with_its_target(extract: Extract, sentence: str, target: str) -> None:
    result = extract(sentence)
    accusations = [a for a in result.attributions if a.stance == "accusation"]
    assert accusations, [(a.stance, texts(sentence, a, "content")) for a in result.attributions]
    assert target in [t for a in accusations for t in texts(sentence, a, "target")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor says she was awake all night after the attacks.",
        "Mr. Varga has cited the audit as the reason he is not releasing his accounts.",
        "“We never paid them,” the minister said.",
        "The senator said he would bring a bill to close loopholes the governor used to avoid paying taxes.",
        "The storm caused chaos on the roads, the police said.",
    ],
)
def test_no_charge_without_a_wrongdoer(extract: Extract, sentence: str) -> None:
    result = extract(sentence)
    assert [a.stance for a in result.attributions if a.confidence >= 0.5] == ["assertion"]


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("The governor said it would be improper for him to comment on the case.", "no_comment"),
        ("The spokesman could not explain why the road was closed.", "no_comment"),
        ("The mayor did not say how many homes were damaged.", "no_comment"),
        ("The chief said the videos were inconclusive.", "unverified"),
        ("The lawyer said the footage does not show whether the man was armed.", "unverified"),
        ("The budget office said the plan would cost $374 billion over a decade.", "estimate"),
        ("The pier was not ready, the foreman said.", "assertion"),
        ("Analysts agree the top 1 percent would gain the most.", "assertion"),
    ],
)
def test_withheld_open_and_figures(extract: Extract, sentence: str, stance: str) -> None:
    result = extract(sentence)
    assert result.attributions[0].stance == stance


def test_negated_restatement_denies_and_the_claim_it_negates_accuses(extract: Extract) -> None:
    body = (
        "The rival claimed the mayor had helped the developer get a building permit. "
        "A spokeswoman for the mayor said neither the mayor nor her staff helped the developer get a permit."
    )
    result = extract(body)
    charge, denial = find(body, result, "claimed"), find(body, result, "said")
    assert (charge.stance, texts(body, charge, "target")) == ("accusation", ["the mayor"])
    assert (denial.stance, texts(body, denial, "target")) == ("denial", ["the mayor"])


def test_restatement_without_a_charge_stays_as_said(extract: Extract) -> None:
    body = "Critics said the anchor seemed supportive of the candidate. The anchor said he did not back her."
    result = extract(body)
    assert find(body, result, "said").stance == "assertion"
    body = "The pier will reopen in May, the harbour master said. The ferry will not run, the company said."
    assert {a.stance for a in extract(body).attributions} == {"assertion"}


def test_affirming_what_a_charge_said_was_left_undone_denies_it(extract: Extract) -> None:
    body = "The senator said the governor paid no taxes. “Of course, I pay taxes,” the governor said."
    result = extract(body)
    charge, answer = result.attributions
    assert (charge.stance, texts(body, charge, "target")) == ("accusation", ["the governor"])
    assert answer.stance == "denial"


@pytest.mark.parametrize(
    ("sentence", "cue", "target"),
    [
        ("Union leader Maria Costa accused the port authority of ignoring safety warnings.",
         "accused", "the port authority"),
        ("Residents blamed the water board for the flooding.", "blamed", "the water board"),
    ],
)
def test_whoever_accused_takes_as_object_is_the_target(
    extract: Extract, sentence: str, cue: str, target: str
) -> None:
    attr = find(sentence, extract(sentence), cue)
    assert attr.stance == "accusation"
    assert texts(sentence, attr, "target") == [target]


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor said the opposition was exaggerating the cost of the bridge.",
        "The ministry said the figures had been taken out of context.",
    ],
)
def test_saying_the_other_side_overstates_is_a_denial(extract: Extract, sentence: str) -> None:
    assert find(sentence, extract(sentence), "said").stance == "denial"


def test_doubt_cast_on_a_party_s_quality_is_a_charge_against_the_party(extract: Extract) -> None:
    body = "Ms. Lind questioned Mayor Ortiz's eligibility because he had lived abroad."
    attr = find(body, extract(body), "questioned")
    assert attr.stance == "accusation"
    assert [body[s.start : s.end] for s in attr.target] == ["Mayor Ortiz"]
    body = "Reporters questioned his aides about the trip."
    assert find(body, extract(body), "questioned").stance == "assertion"
