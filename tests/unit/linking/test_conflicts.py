"""Conflict rules: each kind found, and the look-alikes that must not be conflicts."""

from __future__ import annotations

from datetime import date

from tests.unit.linking.helpers import claim
from workers.linking.conflicts import answered_claim, find_conflicts
from workers.linking.facts import QuantityFact


def _kinds(found: list) -> list[str]:
    return sorted(c.kind for c in found)


def test_denial_with_an_anaphoric_object_links_to_the_accusation() -> None:
    accusation = claim(
        "Moscow",
        "accuse",
        "Kyiv of a drone strike on a fuel depot in Belgorod",
        stance="accusation",
        ordinal=3,
    )
    aside = claim("the Kremlin", "say", "talks would continue", ordinal=4)
    denial = claim("Ukraine", "deny", "any such strike", stance="denial", ordinal=5)
    found = find_conflicts([accusation, aside, denial], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (accusation.id,), (denial.id,))]
    assert found[0].explanation.startswith("Ukraine denies what Russia alleges: a drone strike")
    assert answered_claim(denial, [accusation, aside, denial]) == accusation


def test_denial_of_the_accusation_picks_the_accusation_aimed_at_the_denier() -> None:
    other = claim("Georgia", "say", "Russian troops moved the border fences", ordinal=1)
    accusation = claim(
        "Tbilisi", "accuse", "Moscow-backed forces of firing on a patrol", stance="accusation", ordinal=2
    )
    unrelated = claim("Turkey", "say", "it would send observers", ordinal=3)
    denial = claim("the Russian defence ministry", "deny", "the accusation", stance="denial", ordinal=4)
    found = find_conflicts([other, accusation, unrelated, denial], [])
    assert [(c.kind, c.side0) for c in found] == [("denial", (accusation.id,))]


def test_restated_denial_answers_a_claim_in_another_article() -> None:
    accusation = claim(
        "Israel",
        "accuse",
        "Iran of supplying drones to militias in Syria",
        stance="accusation",
        article=1,
        day=date(2021, 5, 1),
    )
    denial = claim(
        "Iran's foreign ministry",
        "deny",
        "supplying drones to militias in Syria",
        stance="denial",
        article=2,
        day=date(2021, 5, 3),
    )
    found = find_conflicts([denial], [accusation])
    assert _kinds(found) == ["denial"]


def test_rejection_phrased_as_a_statement_is_a_contradiction() -> None:
    report = claim(
        "the Ukrainian emergency service",
        "say",
        "shelling by Russian forces killed four residents of Kharkiv",
        ordinal=0,
    )
    rejection = claim(
        "Russia's defence ministry",
        "say",
        "claims that it had shelled residential areas of Kharkiv were fabricated",
        stance="denial",
        ordinal=6,
        start=900,
    )
    found = find_conflicts([report, rejection], [])
    assert _kinds(found) == ["contradiction"]


def test_opposite_battlefield_outcomes_contradict() -> None:
    a = claim(
        "Armenian military spokesman Hayk Petrosyan",
        "say",
        "Azeri troops had been pushed back and suffered heavy losses",
    )
    b = claim(
        "the Azerbaijani defence ministry",
        "say",
        "Armenian forces were forced to retreat and Azeri units retained the initiative",
    )
    found = find_conflicts([a, b], [])
    assert _kinds(found) == ["contradiction"]


def test_mutual_accusation_in_one_claim_with_two_sources() -> None:
    both = claim(
        "India and Pakistan", "accuse", "each other of violating the border truce", stance="accusation"
    )
    found = find_conflicts([both], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("mutual_accusation", (both.id,), ())]
    assert found[0].explanation == "India and Pakistan accuse each other of violating the border truce."


def test_mutual_accusation_across_two_claims() -> None:
    a = claim(
        "Pakistan", "accuse", "India of shelling villages along the Line of Control", stance="accusation"
    )
    b = claim(
        "India",
        "accuse",
        "Pakistan of shelling villages along the Line of Control",
        stance="accusation",
        article=2,
    )
    assert "mutual_accusation" in _kinds(find_conflicts([b], [a]))


def _killed(value: float, unit: str = "soldiers", approximate: bool = False) -> tuple[QuantityFact, ...]:
    return (QuantityFact(value=value, unit=unit, measure="killed", approximate=approximate),)


def test_different_figures_for_the_same_measure_conflict() -> None:
    a = claim(
        "Ukraine's defence ministry",
        "say",
        "1,200 Russian soldiers were killed in the battle",
        quantities=_killed(1200),
    )
    b = claim(
        "Russia's defence ministry",
        "say",
        "240 Russian soldiers were killed in the battle",
        quantities=_killed(240),
        article=2,
    )
    found = find_conflicts([b], [a])
    assert _kinds(found) == ["numeric"]
    assert "1,200" in found[0].explanation and "240" in found[0].explanation


def test_a_source_updating_its_own_count_is_not_a_conflict() -> None:
    first = claim(
        "Georgian health officials",
        "say",
        "604 people were killed",
        quantities=_killed(604, "people"),
        day=date(2021, 3, 1),
    )
    later = claim(
        "Georgian health officials",
        "say",
        "633 people were killed",
        quantities=_killed(633, "people"),
        day=date(2021, 3, 2),
        article=2,
    )
    assert find_conflicts([later], [first]) == []


def test_figures_for_different_measures_are_not_a_conflict() -> None:
    own = claim(
        "Armenia's defence ministry", "say", "300 of its soldiers were killed", quantities=_killed(300)
    )
    both = claim(
        "Russia",
        "estimate",
        "2,000 deaths on both sides",
        stance="estimate",
        quantities=(QuantityFact(value=2000, unit="deaths", measure="killed"),),
        article=2,
    )
    assert find_conflicts([both], [own]) == []


def test_compatible_lower_bound_is_not_a_conflict() -> None:
    a = claim(
        "the UN",
        "say",
        "at least 40 civilians were killed",
        quantities=_killed(
            40,
            "civilians",
            approximate=True,
        ),
    )
    b = claim(
        "Iraq's health ministry", "say", "52 civilians were killed", quantities=_killed(52, "civilians")
    )
    assert find_conflicts([b], [a]) == []


def test_claims_of_the_same_side_never_conflict() -> None:
    accusation = claim("Azerbaijan", "accuse", "Armenia of shelling Ganja", stance="accusation", ordinal=1)
    denial = claim("the Azeri defence ministry", "deny", "such an attack", stance="denial", ordinal=2)
    ally = claim(
        "the Nagorno-Karabakh defence ministry", "deny", "shelling Ganja", stance="denial", ordinal=3
    )
    armenia = claim("Armenia", "say", "Armenian forces shelled Ganja", ordinal=4)
    assert find_conflicts([accusation, denial], []) == []
    assert [c for c in find_conflicts([ally, armenia], []) if c.kind != "numeric"] == []


def test_denial_of_a_different_event_is_not_a_conflict() -> None:
    accusation = claim(
        "Moscow",
        "accuse",
        "Kyiv of a drone strike on a fuel depot in Belgorod",
        stance="accusation",
        article=1,
    )
    denial = claim("Ukraine", "deny", "shelling a hospital in Donetsk", stance="denial", article=2)
    assert find_conflicts([denial], [accusation]) == []


def test_publisher_notes_and_no_comment_are_not_conflicts() -> None:
    accusation = claim("Tbilisi", "accuse", "Moscow of firing on a patrol", stance="accusation", ordinal=1)
    note = claim("Reuters", "verify", "these reports", stance="unverified", ordinal=2)
    silent = claim("the Russian defence ministry", "comment", "", stance="no_comment", ordinal=3)
    assert find_conflicts([accusation, note, silent], []) == []


def test_detection_is_idempotent() -> None:
    accusation = claim(
        "Moscow", "accuse", "Kyiv of a drone strike on Belgorod", stance="accusation", ordinal=1
    )
    denial = claim("Ukraine", "deny", "such an attack", stance="denial", ordinal=2)
    first = find_conflicts([accusation, denial], [])
    assert first == find_conflicts([accusation, denial], [])
    assert first[0].key == f"{accusation.id},{denial.id}:denial"


def test_denial_nested_in_the_accusation_it_answers_still_counts() -> None:
    accusation = claim(
        "Lukashenko",
        "accuse",
        "Poland of training saboteurs, a charge Warsaw denied",
        stance="accusation",
        ordinal=1,
    )
    denial = claim("Warsaw", "deny", "a charge", stance="denial", ordinal=2, start=accusation.sentence_start)
    denial.parent_id = accusation.id
    assert _kinds(find_conflicts([accusation, denial], [])) == ["denial"]


def test_a_rejection_conflicts_with_the_position_its_own_words_name() -> None:
    text = (
        "The governor said he doubted the state auditors' conclusion that the agency lost "
        "$40 million on the contract."
    )
    rejection = claim(
        "the governor", "say",
        "he doubted the state auditors' conclusion that the agency lost $40 million on the contract",
        stance="denial", text=text, ordinal=1,
    )
    position = claim(
        "the state auditors", "conclusion", "that the agency lost $40 million on the contract",
        text=text, ordinal=1, start=rejection.sentence_start,
    )
    position.parent_id = rejection.id
    found = find_conflicts([rejection, position], [])
    assert [(c.side0, c.side1) for c in found] == [((position.id,), (rejection.id,))]


def test_a_claim_reporting_another_is_not_in_conflict_with_it() -> None:
    report = claim("Reuters", "say", "Armenia denied shelling Ganja", ordinal=1)
    reporter = claim("Azerbaijan", "say", "Armenia denied shelling Ganja", ordinal=1)
    denial = claim(
        "Armenia", "deny", "shelling Ganja", stance="denial", ordinal=2, start=reporter.sentence_start
    )
    denial.parent_id = reporter.id
    assert find_conflicts([report, reporter, denial], []) == []


def test_anaphoric_denial_answers_an_accusation_from_an_earlier_article() -> None:
    accusation = claim(
        "Tbilisi",
        "accuse",
        "Moscow of firing on a border patrol near Gori",
        stance="accusation",
        article=1,
        day=date(2021, 4, 1),
    )
    accusation.topic_id = 5
    report = claim(
        "Georgian border guards",
        "say",
        "a patrol came under fire near Gori",
        article=2,
        ordinal=0,
        day=date(2021, 4, 2),
    )
    report.topic_id = 5
    denial = claim(
        "the Kremlin", "deny", "the accusation", stance="denial", article=2, ordinal=1, day=date(2021, 4, 2)
    )
    found = find_conflicts([report, denial], [accusation])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (accusation.id,), (denial.id,))]
    assert found[0].confidence < 0.85


def test_a_stored_denial_answers_an_accusation_that_arrives_later() -> None:
    denial = claim(
        "Iran's foreign ministry",
        "deny",
        "supplying drones to militias in Syria",
        stance="denial",
        article=1,
        day=date(2021, 5, 3),
    )
    accusation = claim(
        "Israel",
        "accuse",
        "Iran of supplying drones to militias in Syria",
        stance="accusation",
        article=2,
        day=date(2021, 5, 1),
    )
    found = find_conflicts([accusation], [denial])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (accusation.id,), (denial.id,))]


def test_a_denial_within_the_speakers_own_statement_answers_the_reports_it_names() -> None:
    reports = claim("news reports", "allege", "that the mayor took the bribe", stance="accusation", ordinal=1)
    said = claim(
        "Mayor Ada Pell",
        "say",
        "that was false and dismissed those reports as gossip",
        stance="denial",
        ordinal=2,
    )
    dismissal = claim(
        "Mayor Ada Pell", "dismiss", "those reports as gossip", stance="denial", ordinal=2,
        start=said.sentence_start,
    )
    dismissal.parent_id = said.id
    found = find_conflicts([reports, said, dismissal], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (reports.id,), (dismissal.id,))]


def test_two_named_sources_with_different_counts_conflict_without_a_known_side() -> None:
    medics = claim("the Halvard Relief Agency", "say", "at least 90 civilians were killed in the flood town",
                   quantities=(QuantityFact(value=90, unit="civilians", measure="killed", bound="lower"),))
    mayor = claim("Mayor Ines Pardo", "say", "40 civilians were killed in the flood town", ordinal=2,
                  quantities=(QuantityFact(value=40, unit="civilians", measure="killed"),))
    assert medics.affiliation is None and mayor.affiliation is None
    assert _kinds(find_conflicts([medics, mayor], [])) == ["numeric"]


def test_a_source_giving_a_figure_about_another_does_not_conflict_with_it() -> None:
    mayor = claim("Mayor Ines Pardo", "say", "40 civilians were killed in the flood town",
                  quantities=(QuantityFact(value=40, unit="civilians", measure="killed"),))
    critic = claim("Tomas Wirth", "say", "Pardo hid that 90 civilians were killed in the flood town",
                   ordinal=2, quantities=(QuantityFact(value=90, unit="civilians", measure="killed"),))
    unnamed = claim("one aid worker", "say", "90 civilians were killed in the flood town", ordinal=3,
                    quantities=(QuantityFact(value=90, unit="civilians", measure="killed"),))
    assert find_conflicts([mayor, critic, unnamed], []) == []


def test_a_charge_between_members_of_one_party_still_sets_them_apart() -> None:
    charge = claim(
        "Senator Ada Voss", "question",
        "Mayor Ben Ortiz's eligibility to hold office because he lived abroad",
        stance="accusation",
        ordinal=1,
    )
    charge.target, charge.affiliation = "Ben Ortiz", "Republican Party"
    answer = claim(
        "Ben Ortiz", "say", "that he is eligible to hold office because he kept his home", ordinal=2
    )
    answer.affiliation = "Republican Party"
    colleague = claim("Senator Cole Finch", "say", "that the mayor had kept his home in the city", ordinal=3)
    colleague.affiliation = "Republican Party"
    found = find_conflicts([charge, answer, colleague], [])
    assert [(c.side0, c.side1) for c in found] == [((charge.id,), (answer.id,))]


def test_unnamed_accusers_and_a_rejection_of_the_charges_paragraphs_later() -> None:
    charge = claim(
        "former staff", "according to", "Mayor Ben Ortiz routinely bullied junior clerks",
        stance="accusation", ordinal=1,
    )
    charge.target = "Ben Ortiz"
    aside = claim("the council", "say", "the budget vote was delayed to June", ordinal=2, start=900)
    rejection = claim(
        "the Ortiz campaign", "call", "the charges baseless and invented by disgruntled former staff",
        stance="denial", ordinal=6, start=1800,
    )
    found = find_conflicts([charge, aside, rejection], [])
    assert [(c.kind, c.side0, c.side1) for c in found] == [("denial", (charge.id,), (rejection.id,))]
    unnamed_remark = claim("former staff", "say", "the office was busy", ordinal=7)
    assert find_conflicts([unnamed_remark, rejection], []) == []


def test_two_think_tanks_putting_a_plans_budget_effect_side_by_side_conflict() -> None:
    first = claim("the Halden Institute", "estimate",
                  "that the harbour levy would cost the Treasury $40 billion over 10 years",
                  stance="estimate", ordinal=1)
    second = claim("the Budget Watch Center", "estimate",
                   "the levy would eventually add $12 billion over 10 years", stance="estimate", ordinal=2)
    found = find_conflicts([first, second], [])
    assert _kinds(found) == ["numeric"]
    assert "about $40 billion revenue lost" in found[0].explanation


def test_budget_sums_far_apart_or_for_other_periods_are_not_set_against_each_other() -> None:
    first = claim("the Halden Institute", "estimate", "the levy would raise $40 billion over 10 years",
                  stance="estimate", ordinal=1)
    far = claim("the Budget Watch Center", "estimate", "the levy would raise $12 billion over 10 years",
                stance="estimate", ordinal=2, start=5000)
    other_period = claim("the Budget Watch Center", "estimate",
                         "the levy would raise $12 billion over five years", stance="estimate", ordinal=3)
    assert find_conflicts([first, far, other_period], []) == []


def test_the_figure_a_second_source_puts_on_the_same_sum_conflicts_with_the_first() -> None:
    sentence = ("The Halden Institute estimates that the harbour levy would raise $40 billion over the "
                "next decade, while the Budget Watch Center puts the figure at $12 billion.")
    first = claim("the Halden Institute", "estimate",
                  "that the harbour levy would raise $40 billion over the next decade",
                  stance="estimate", text=sentence, ordinal=1, start=0)
    second = claim("the Budget Watch Center", "put", "the figure at $12 billion",
                   stance="estimate", text=sentence, ordinal=2, start=0)
    found = find_conflicts([first, second], [])
    assert _kinds(found) == ["numeric"]
    assert "about $12 billion revenue raised" in found[0].explanation


def test_the_figure_with_nothing_measured_before_it_is_no_figure() -> None:
    sentence = "The Budget Watch Center puts the figure at $12 billion."
    first = claim("the Halden Institute", "estimate", "the levy would raise $40 billion over 10 years",
                  stance="estimate", ordinal=1, start=0)
    second = claim("the Budget Watch Center", "put", "the figure at $12 billion",
                   stance="estimate", text=sentence, ordinal=2, start=150)
    assert find_conflicts([first, second], []) == []


def _charge_and_reply(reply_start: int, replier: str = "the harbour board") -> list:
    charge = claim("the dockers' union", "accuse", "the harbour board of stoking the pay row before the vote",
                   stance="accusation", ordinal=1, start=0)
    charge.target = "the harbour board"
    reply = claim(replier, "say", "the timing of the notice was not deliberate",
                  stance="denial", ordinal=6, start=reply_start)
    return find_conflicts([charge, reply], [])


def test_the_accuseds_denial_a_few_paragraphs_on_answers_the_charge_against_them() -> None:
    found = _charge_and_reply(1500)
    assert [(c.kind, c.confidence < 0.5) for c in found] == [("denial", True)]


def test_a_denial_far_from_the_charge_or_by_someone_not_charged_answers_nothing() -> None:
    assert _charge_and_reply(6000) == []
    assert _charge_and_reply(1500, replier="the city's mayor") == []
