"""Topic assignment: same event together, different events apart even when they share names."""

from __future__ import annotations

from datetime import date

from tests.unit.linking.helpers import claim
from workers.linking.topics import (
    TopicCandidate,
    choose_topic,
    cosine,
    keywords_and_label,
    update_centroid,
    vectorise,
)


def _topic(topic_id: int, *claims_text: tuple[str, str, str], day: date = date(2021, 3, 4)) -> TopicCandidate:
    centroid: dict[str, float] = {}
    for i, (mention, cue, content) in enumerate(claims_text):
        centroid = update_centroid(centroid, i, vectorise(claim(mention, cue, content)).weights)
    return TopicCandidate(topic_id, centroid, len(claims_text), day)


SHELLING = _topic(
    1,
    (
        "the Ukrainian emergency service",
        "say",
        "artillery shelling hit apartment blocks in Kharkiv overnight",
    ),
    ("Kharkiv's mayor", "say", "four residents died when shelling struck apartment blocks in Kharkiv"),
)
DRONE = _topic(
    2,
    ("Russia's defence ministry", "say", "Ukrainian drones attacked an oil depot in Belgorod"),
)
VISIT = _topic(
    3,
    ("the Kremlin", "say", "Putin will visit Tehran to discuss the nuclear deal with Iranian leaders"),
)


def test_claim_about_the_same_event_joins_its_topic() -> None:
    vector = vectorise(claim("Russia", "deny", "shelling apartment blocks in Kharkiv", stance="denial"))
    decision = choose_topic(vector, [SHELLING, DRONE, VISIT], day=date(2021, 3, 5))
    assert decision.topic_id == 1


def test_different_events_sharing_names_stay_apart() -> None:
    # Same countries, a different attack: not the Kharkiv shelling.
    vector = vectorise(claim("Moscow", "accuse", "Kyiv of a drone strike on a fuel depot in Belgorod"))
    assert choose_topic(vector, [SHELLING], day=date(2021, 3, 5)).topic_id is None
    assert choose_topic(vector, [SHELLING, DRONE], day=date(2021, 3, 5)).topic_id == 2


def test_a_diplomatic_visit_is_not_the_war() -> None:
    vector = vectorise(
        claim("Iranian officials", "say", "Putin's visit to Tehran would deepen economic ties")
    )
    assert choose_topic(vector, [SHELLING, DRONE], day=date(2021, 3, 5)).topic_id is None
    assert choose_topic(vector, [SHELLING, DRONE, VISIT], day=date(2021, 3, 5)).topic_id == 3


def test_a_broad_topic_asks_for_more_than_a_small_one() -> None:
    # The same centroid, once as a topic of two claims and once grown to two hundred: a claim
    # that only brushes its general words joins the small one, not the broad subject.
    vector = vectorise(claim("a council member", "say", "the shelling in Kharkiv damaged a school"))
    small = SHELLING
    broad = TopicCandidate(1, SHELLING.centroid, 200, SHELLING.last_day)
    similarity = choose_topic(vector, [small], day=date(2021, 3, 5)).similarity
    assert 0.35 <= similarity < 0.55
    assert choose_topic(vector, [small], day=date(2021, 3, 5)).topic_id == 1
    assert choose_topic(vector, [broad], day=date(2021, 3, 5)).topic_id is None


def test_one_shared_common_word_is_not_enough() -> None:
    vector = vectorise(claim("Turkey", "say", "the attack on the convoy was unacceptable"))
    other = _topic(9, ("Armenia", "say", "the attack targeted a pipeline"))
    assert choose_topic(vector, [other]).topic_id is None


def test_quiet_topics_are_not_joined_months_later() -> None:
    vector = vectorise(claim("Russia", "deny", "shelling apartment blocks in Kharkiv", stance="denial"))
    assert choose_topic(vector, [SHELLING], day=date(2021, 9, 1)).topic_id is None


def test_vectors_are_stable_and_normalised() -> None:
    c = claim("the Kremlin", "say", "Putin will visit Tehran next week")
    first, second = vectorise(c).weights, vectorise(c).weights
    assert first == second
    assert abs(cosine(first, first) - 1.0) < 1e-6


def test_label_and_keywords_are_readable() -> None:
    vector = vectorise(claim("Kharkiv's mayor", "say", "shelling struck apartment blocks in Kharkiv"))
    keywords, label = keywords_and_label(vector.weights, vector.surface, vector.kinds)
    assert "Kharkiv" in keywords and "shelling" in keywords
    assert label == "Shelling of Kharkiv"


def test_a_content_without_words_of_its_own_joins_no_topic() -> None:
    empty = claim("the network's owners", "tell", "them what to say",
                  text="Ms. Varga said the network's owners never told them what to say at Harbor TV.")
    assert vectorise(empty).weights == {}
    worded = claim("the network's owners", "say", "Harbor TV will close its night desk",
                   text="The network's owners said Harbor TV will close its night desk.")
    assert vectorise(worded).weights
