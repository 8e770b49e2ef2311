"""A denial answers the charge against its speaker made in another article, in other words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.unit.linking.helpers import claim
from workers.linking.conflicts import dispute_keys, find_conflicts
from workers.linking.semantic import embed_facts


def _embedded(*facts):  # type: ignore[no-untyped-def]
    vectors = embed_facts(facts)
    return [replace(f, embedding=vectors.get(f.id)) for f in facts]


def test_a_denial_answers_the_closest_charge_against_its_speaker_in_another_article() -> None:
    charge, unrelated, denial = _embedded(
        claim("Senator Ruth Alvarez", "accuse", "Northland of arming the rebels in the valley",
              stance="accusation", article=1, day=date(2021, 3, 4)),
        claim("Senator Ruth Alvarez", "accuse", "Northland of rigging the football league draw",
              stance="accusation", article=2, day=date(2021, 3, 4)),
        claim("Northland", "deny", "any military involvement in the war",
              stance="denial", article=3, day=date(2021, 3, 5)),
    )
    charge = replace(charge, target="Northland")
    unrelated = replace(unrelated, target="Northland")
    found = find_conflicts([denial], [charge, unrelated])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (charge.id,), (denial.id,))]


def test_a_denial_by_someone_the_charge_does_not_name_answers_nothing_elsewhere() -> None:
    charge, denial = _embedded(
        claim("Senator Ruth Alvarez", "accuse", "Northland of arming the rebels in the valley",
              stance="accusation", article=1),
        claim("Southland", "deny", "any military involvement in the war", stance="denial", article=3),
    )
    assert find_conflicts([denial], [replace(charge, target="Northland")]) == []


def test_dispute_keys_name_the_deniers_and_the_accused() -> None:
    accusation = replace(
        claim("Senator Ruth Alvarez", "accuse", "Northland of arming the rebels", stance="accusation"),
        target="Northland",
    )
    denial = claim("Tom Okafor", "deny", "the report", stance="denial")
    accused, answering = dispute_keys([accusation, denial])
    assert "okafor" in accused and "northland" in answering
