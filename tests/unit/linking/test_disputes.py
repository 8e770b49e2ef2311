"""Sides per dispute: the accused against the accuser, answers, the outlet's rebuttals, and the
claims that must stay out of conflicts. Sentences written for these tests; none of the people
or bodies named here is in the gazetteer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.unit.linking.helpers import claim
from workers.linking.conflicts import find_conflicts
from workers.linking.parties import accuses, same_party
from workers.linking.sides import different_sides, known_sides
from workers.linking.sources import normalise_source


def test_the_accused_is_on_the_other_side_from_the_accuser() -> None:
    accusation = replace(
        claim("Councillor Mara Quist", "accuse", "Piet Vandersloot of rigging the harbour tender",
              stance="accusation"),
        target="Piet Vandersloot",
    )
    answer = claim("Vandersloot", "deny", "rigging the tender", stance="denial", ordinal=1)
    bystander = claim("the port authority", "say", "the tender would be rerun", ordinal=2)
    assert accuses(accusation, answer) and not accuses(accusation, bystander)
    assert known_sides(accusation, answer) and not known_sides(accusation, bystander)


def test_the_same_person_never_conflicts_with_themself() -> None:
    first = claim("Piet Vandersloot", "say", "the tender was fair")
    again = claim("Vandersloot", "say", "the tender was not fair at all", ordinal=3)
    assert same_party(first, again)
    assert not different_sides(first, again)
    assert find_conflicts([first, again], []) == []


def test_a_lawyer_or_campaign_speaks_for_its_owner() -> None:
    accusation = replace(
        claim("Mara Quist", "accuse", "Vandersloot of hiding payments", stance="accusation"),
        target="Vandersloot",
    )
    lawyers = claim("Vandersloot's lawyers", "call", "the accusation baseless", stance="denial", ordinal=1)
    assert accuses(accusation, lawyers)


def test_accused_answer_in_the_next_sentence_is_a_conflict() -> None:
    accusation = replace(
        claim("Mara Quist", "accuse", "Vandersloot of sleeping through the storm warning",
              stance="accusation", start=0),
        target="Vandersloot",
    )
    answer = claim("Piet Vandersloot", "say", "he was awake all night during the storm warning",
                   ordinal=1, start=110)
    found = find_conflicts([accusation, answer], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("contradiction", (accusation.id,), (answer.id,))]


def test_only_the_closest_answer_to_an_accusation_counts() -> None:
    accusation = replace(
        claim("Mara Quist", "accuse", "Vandersloot of lying about the harbour tender", stance="accusation"),
        target="Vandersloot",
    )
    close = claim(
        "Piet Vandersloot", "say", "he told the truth about the harbour tender", ordinal=1, start=100
    )
    loose = claim("Piet Vandersloot", "say", "the harbour would reopen", ordinal=2, start=200)
    found = find_conflicts([accusation, close, loose], [])
    assert [c.side1 for c in found] == [(close.id,)]


def test_across_articles_only_a_denial_answers() -> None:
    accusation = replace(
        claim("Mara Quist", "accuse", "Vandersloot of hiding harbour tender payments",
              stance="accusation", article=1, day=date(2022, 6, 1)),
        target="Vandersloot", topic_id=7,
    )
    denial = replace(
        claim("Piet Vandersloot", "say", "he never hid any harbour tender payments", stance="denial",
              article=2, day=date(2022, 6, 3)),
        topic_id=7,
    )
    remark = replace(denial, id=denial.id + 100_000, stance="assertion",
                     content="the harbour tender payments are on the council website")
    [found] = find_conflicts([denial], [accusation])
    assert found.side0 == (accusation.id,) and found.kind in ("denial", "contradiction")
    assert find_conflicts([remark], [accusation]) == []


def test_the_outlet_rebuttal_conflicts_with_the_claim_it_points_at() -> None:
    said = claim("Piet Vandersloot", "say", "burglaries in the port had doubled")
    check = replace(
        claim("The Harbour Gazette", "fact-check", "That claim is false", stance="denial", ordinal=1),
        source_kind="publisher", parent_id=said.id,
    )
    [found] = find_conflicts([said, check], [])
    assert (found.kind, found.side0, found.side1) == ("denial", (said.id,), (check.id,))
    assert "rebuts what Piet Vandersloot" in found.explanation


def test_a_claim_nested_in_its_own_speakers_claim_takes_no_part() -> None:
    accusation = replace(
        claim("Mara Quist", "accuse", "Vandersloot of backing the harbour sale", stance="accusation"),
        target="Vandersloot",
    )
    outer = claim("Piet Vandersloot", "say", "he opposes the harbour sale", ordinal=1, start=100)
    inner = replace(claim("Piet Vandersloot", "oppose", "the harbour sale", ordinal=2, start=100),
                    parent_id=outer.id)
    sides = [c.side1 for c in find_conflicts([accusation, outer, inner], [])]
    assert sides == [(outer.id,)]


def test_party_labels_give_an_affiliation() -> None:
    chair = normalise_source("Rep. Mara Quist (R-Ohio)")
    member = normalise_source("Sen. Piet Vandersloot, D-Vt.")
    assert chair is not None and (chair.name, chair.affiliation) == ("Mara Quist", "Republican Party")
    assert member is not None and member.affiliation == "Democratic Party"


def test_a_name_in_the_possessive_is_the_person_accused() -> None:
    accusation = claim("Mayor Ines Pardo", "accuse", "that Holm’s “secret deal” with the port was a crime",
                       stance="accusation")
    answer = claim("Senator Ada Holm", "deny", "that she made any deal with the port", stance="denial",
                   ordinal=2)
    assert accuses(accusation, answer)
