"""Topic labels read as short noun phrases: one event in its noun form, then up to two places."""

from __future__ import annotations

from tests.unit.linking.helpers import claim
from workers.linking.labels import MAX_LABEL, build_label, noun_form
from workers.linking.topics import keywords_and_label, update_centroid, vectorise


def _label(*claims_text: tuple[str, str, str]) -> str:
    centroid: dict[str, float] = {}
    surface: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for i, (mention, cue, content) in enumerate(claims_text):
        vector = vectorise(claim(mention, cue, content))
        centroid = update_centroid(centroid, i, vector.weights)
        surface.update({t: s for t, s in vector.surface.items() if t not in surface})
        kinds.update(vector.kinds)
    return keywords_and_label(centroid, surface, kinds)[1]


def test_verb_forms_become_nouns() -> None:
    assert noun_form("shell", "shelled") == "shelling"
    assert noun_form("violat", "violating") == "violations"
    assert noun_form("withdraw", "withdrew") == "withdrawal"
    assert noun_form("attack", "attacked") == "attack"


def test_event_then_two_places() -> None:
    label = _label(
        ("the regional governor", "say", "troops shelled Marinka and Vuhledar overnight"),
        ("a local official", "say", "shelling damaged the hospital in Marinka and a school in Vuhledar"),
    )
    assert label == "Shelling of Marinka and Vuhledar"


def test_weapon_word_modifies_the_attack() -> None:
    label = _label(
        ("the interior ministry", "say", "a missile attack hit a depot near Kramatorsk"),
        ("the mayor", "say", "the missile attack on Kramatorsk destroyed the depot"),
    )
    assert label == "Missile attack on Kramatorsk"


def test_violating_a_truce_reads_as_violations() -> None:
    label = _label(
        ("the army", "accuse", "the rebels of violating the truce near the river"),
        ("observers", "say", "both sides kept violating the truce"),
    )
    assert label == "Truce violations"


def test_no_event_falls_back_to_a_capitalised_keyword() -> None:
    label = _label(("the council", "say", "the budget for schools must grow"))
    assert label[:1].isupper()
    assert " – " not in label
    assert label.split()[0].lower() in {"budget", "schools", "grow"}


def test_titles_and_bodies_are_not_places() -> None:
    label = _label(
        ("the Defense Ministry", "say", "the Prime Minister ordered a withdrawal from Severodonetsk"),
    )
    assert label == "Withdrawal from Severodonetsk"
    assert "Minister" not in label and "Defense" not in label


def test_no_word_is_repeated_and_labels_stay_short() -> None:
    ordered = [("attack", 0.8), ("kharkiv", 0.5), ("attack-kharkiv", 0.4)] + [
        (f"place{i}", 0.3) for i in range(5)
    ]
    surface = {"attack": "attacks", "kharkiv": "Kharkiv", "attack-kharkiv": "Attack-Kharkiv"}
    surface.update({f"place{i}": "Zz" + "a" * 40 + str(i) for i in range(5)})
    kinds = {t: "entity" for t, _ in ordered}
    kinds["attack"] = "event"
    label = build_label(ordered, surface, kinds)
    words = [w.lower() for w in label.replace("-", " ").split()]
    assert label.startswith("Attack on Kharkiv")
    assert len(words) == len(set(words))
    assert len(label) <= MAX_LABEL


def test_event_kinds_lost_on_reload_are_recovered() -> None:
    # A stored topic's kinds come back from its keywords: events are plain "word"s then.
    ordered = [("shell", 0.7), ("velmora", 0.4), ("city", 0.3)]
    surface = {"shell": "shelling", "velmora": "Velmora", "city": "city"}
    kinds = {"shell": "word", "velmora": "entity", "city": "word"}
    assert build_label(ordered, surface, kinds) == "Shelling of Velmora"


def test_split_names_are_left_out_but_the_event_stays() -> None:
    ordered = [("flight", 0.6), ("san", 0.4), ("diego", 0.4), ("budget", 0.2)]
    surface = {"flight": "flight", "san": "San", "diego": "Diego", "budget": "budget"}
    kinds = {"flight": "event", "san": "entity", "diego": "entity", "budget": "word"}
    assert build_label(ordered, surface, kinds) == "Flight"
    kinds["flight"] = "word"
    surface["flight"] = "schedule"
    assert (
        build_label([("schedule", 0.6), *ordered[1:]], {**surface, "schedule": "schedule"}, kinds)
        == "Schedule"
    )
