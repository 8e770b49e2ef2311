"""A denial by the person a claim speaks about answers it, though nobody accused them; groups
named by a body's members' word stand on that body's side; aliases of a body are that body."""

from __future__ import annotations

from dataclasses import replace

from tests.unit.linking.helpers import claim
from workers.linking.conflicts import find_conflicts
from workers.linking.facts import ClaimFacts
from workers.linking.parties import accuses, targets
from workers.linking.semantic import embed_facts
from workers.linking.sources import normalise_source


def _embedded(*facts: ClaimFacts) -> list[ClaimFacts]:
    vectors = embed_facts(facts)
    return [replace(f, embedding=vectors.get(f.id)) for f in facts]


def test_the_person_a_claim_is_about_denies_it_in_other_words() -> None:
    said, denial = _embedded(
        claim("Marta Lind", "say", "Jonas Berg has quietly backed the harbour casino plan", ordinal=1),
        claim("Jonas Berg", "say", "he has never backed the casino plan for the harbour",
              stance="denial", ordinal=3),
    )
    found = find_conflicts([said, denial], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (said.id,), (denial.id,))]


def test_a_denial_on_another_matter_does_not_answer_what_is_said_of_them() -> None:
    said, denial = _embedded(
        claim("Marta Lind", "say", "Jonas Berg has quietly backed the harbour casino plan", ordinal=1),
        claim("Jonas Berg", "say", "the school budget was never cut by the council",
              stance="denial", ordinal=3),
    )
    assert find_conflicts([said, denial], []) == []


def test_a_denial_does_not_answer_a_claim_that_names_someone_else() -> None:
    said, denial = _embedded(
        claim("Marta Lind", "say", "Jonas Berg has quietly backed the harbour casino plan", ordinal=1),
        claim("Petra Holm", "say", "she has never backed the casino plan for the harbour",
              stance="denial", ordinal=3),
    )
    assert find_conflicts([said, denial], []) == []


def test_a_denial_paragraphs_before_a_claim_does_not_answer_it() -> None:
    denial, said = _embedded(
        claim("Jonas Berg", "say", "he has never backed the casino plan for the harbour",
              stance="denial", ordinal=1, start=0),
        claim("Marta Lind", "say", "Jonas Berg has quietly backed the harbour casino plan",
              ordinal=9, start=1500),
    )
    assert find_conflicts([denial, said], []) == []


def test_a_group_named_by_a_partys_members_word_is_on_that_partys_side() -> None:
    for mention, side in (("Oversight Committee Republicans", "Republican Party"),
                          ("House Democrats", "Democratic Party")):
        source = normalise_source(mention)
        assert source is not None
        assert (source.name, source.kind, source.affiliation) == (mention, "organisation", side)


def test_an_accusation_of_a_body_by_its_alias_is_aimed_at_whoever_speaks_for_it() -> None:
    accusation = replace(
        claim("Democrats", "accuse", "the GOP of stoking the issue", stance="accusation"), target="GOP"
    )
    answer = claim("Senate Republicans", "say", "the timing was not intentional", stance="denial")
    assert "republican party" in targets(accusation)
    assert accuses(accusation, answer)


def test_a_denial_given_just_before_what_it_answers_still_answers_it() -> None:
    denial, said = _embedded(
        claim("Jonas Berg", "say", "neither the mayor nor his office leaked the harbour report",
              stance="denial", ordinal=1, start=0),
        claim("Marta Lind", "say", "Jonas Berg leaked the harbour report to the press", ordinal=2, start=200),
    )
    found = find_conflicts([denial, said], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (said.id,), (denial.id,))]


def test_the_person_spoken_of_gives_the_contrary_account() -> None:
    said, own = _embedded(
        claim("Marta Lind", "note", "Jonas Berg initially supported the harbour casino in 2019", ordinal=1),
        claim("Jonas Berg", "say", "he was totally against the harbour casino from the start", ordinal=4),
    )
    found = find_conflicts([said, own], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("contradiction", (said.id,), (own.id,))]


def test_a_preposition_against_is_no_contrary_of_support() -> None:
    said, own = _embedded(
        claim("Marta Lind", "say", "Jonas Berg supported the harbour casino in 2019", ordinal=1),
        claim("Jonas Berg", "say", "he will defend the harbour casino against its critics", ordinal=4),
    )
    assert find_conflicts([said, own], []) == []


def test_contrary_words_about_different_things_are_no_conflict() -> None:
    said, own = _embedded(
        claim("Marta Lind", "say", "Jonas Berg supported the harbour casino in 2019", ordinal=1),
        claim("Jonas Berg", "say", "he opposes the new school timetable for the autumn", ordinal=4),
    )
    assert find_conflicts([said, own], []) == []


def test_a_body_denies_what_it_is_accused_of_in_another_article() -> None:
    accusation = replace(
        claim("Maria Costa", "accuse", "the port authority of ignoring safety warnings before the collapse",
              stance="accusation", article=1),
        target="the port authority",
    )
    denial = claim("the Port Authority", "deny", "ignoring safety warnings before the collapse",
                   stance="denial", article=2, day=accusation.day)
    accusation = replace(accusation, topic_id=7)
    denial = replace(denial, topic_id=7)
    found = find_conflicts([denial], [accusation])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (accusation.id,), (denial.id,))]


def test_two_sides_give_opposite_versions_of_the_same_subject_in_one_story() -> None:
    critic = claim("Senator Ada Holm (D-Ore.)", "say", "the port subsidies do nothing to create jobs",
                   ordinal=1)
    backer = claim("Governor Piet Vos (R)", "point out",
                   "that the port subsidies let the shipyard reopen and hire two thousand workers", ordinal=2)
    found = find_conflicts([critic, backer], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("contradiction", (critic.id,), (backer.id,))]


def test_opposite_statements_need_the_same_subject_and_two_sides() -> None:
    critic = claim("Senator Ada Holm (D-Ore.)", "say", "the port subsidies do nothing to create jobs",
                   ordinal=1)
    other_subject = claim("Governor Piet Vos (R)", "say",
                          "the shipyard workers voted to reopen the port subsidies talks", ordinal=2)
    same_side = claim("Senator Ola Berg (D-Ore.)", "say",
                      "the port subsidies let the shipyard reopen and hire two thousand workers", ordinal=3)
    assert find_conflicts([critic, other_subject, same_side], []) == []


def test_a_family_account_contrary_to_the_police_one_in_the_same_story() -> None:
    police, family = _embedded(
        claim("the county police", "say",
              "deputies saw Owen Marsh step out of his truck with a pistol and ordered him to drop it",
              ordinal=1),
        claim("Dana Marsh", "say", "that her brother was unarmed", ordinal=4),
    )
    found = find_conflicts([police, family], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("contradiction", (police.id,), (family.id,))]
    elsewhere = replace(family, article_id=2)
    assert find_conflicts([police], [elsewhere]) == []


def test_the_person_spoken_of_denies_a_clause_about_them_inside_a_longer_claim() -> None:
    said, denial = _embedded(
        claim("Marta Lind", "say",
              "Ms. Lind set herself apart from Jonas Berg, who writes for the harbour board and has "
              "lately seemed supportive of Petra Holm", ordinal=3, start=400),
        claim("Jonas Berg", "say", "he did not support Petra Holm, the favourite of the board",
              stance="denial", ordinal=4, start=620),
    )
    found = find_conflicts([said, denial], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (said.id,), (denial.id,))]


def test_a_third_partys_name_alone_is_not_shared_wording() -> None:
    said, denial = _embedded(
        claim("Marta Lind", "say", "Jonas Berg, who has lately dined with Petra Holm, runs the harbour board",
              ordinal=3, start=400),
        claim("Jonas Berg", "say", "he did not vote for Petra Holm", stance="denial", ordinal=4, start=620),
    )
    assert find_conflicts([said, denial], []) == []
